import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, RESULT_SCHEMA_VERSION, type RotationResult } from '@keyroll/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFactsOf, metricsEndpoint, recordRotation, reportRun, startTelemetry } from '../src/index.ts';

let server: Server;
let base: string;
const bodies: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/metrics') bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

const rotated: RotationResult = {
  schemaVersion: RESULT_SCHEMA_VERSION,
  rotationId: 'r1',
  outcome: 'rotated',
  message: 'rotated',
  dryRun: false,
  serviceAccount: 'ci-scanner',
  targets: [],
  steps: [],
  warnings: [],
  startedAt: '2026-11-29T12:00:00.000Z',
  finishedAt: '2026-11-29T12:00:03.000Z',
};

describe('telemetry', () => {
  it('is a no-op without OTEL_EXPORTER_OTLP_ENDPOINT (recording still works)', async () => {
    const t = await startTelemetry('keyroll-test', {});
    expect(t.enabled).toBe(false);
    recordRotation(rotated, { keyAgeDays: 3 });
    await t.flush();
  });

  it('follows the standard endpoint variables', () => {
    expect(metricsEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' })).toBe(
      'http://c:4318/v1/metrics',
    );
    expect(
      metricsEndpoint({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://m/x',
      }),
    ).toBe('http://m/x');
  });

  it('exports rotations by outcome, duration, key age, days to expiry and consecutive failures over OTLP/HTTP', async () => {
    const t = await startTelemetry('keyroll-test', { OTEL_EXPORTER_OTLP_ENDPOINT: base });
    expect(t.enabled).toBe(true);
    recordRotation(rotated, { keyAgeDays: 0, daysToExpiry: 90, consecutiveFailures: 0 });
    recordRotation(
      { ...rotated, outcome: 'rolled_back', reason: 'verify_failed' },
      { consecutiveFailures: 1 },
    );
    await t.flush();
    await t.shutdown();
    const sent = bodies.join('\n');
    for (const name of [
      'keyroll.rotations',
      'keyroll.rotation.duration',
      'keyroll.key.age',
      'keyroll.key.days_to_expiry',
      'keyroll.rotation.consecutive_failures',
    ]) {
      expect(sent).toContain(`"${name}"`);
    }
    expect(sent).toContain('rolled_back');
    expect(sent).toContain('keyroll-test');
  });

  it('derives key age, days to expiry and failures in a row from the result the engine returns', () => {
    const key = {
      rotatedAt: '2026-11-19T12:00:03.000Z',
      keyExpiresOn: '2027-02-17T12:00:03.000Z',
      consecutiveFailures: 2,
    };
    expect(keyFactsOf({ ...rotated, key })).toEqual({
      keyAgeDays: 10,
      daysToExpiry: 80,
      consecutiveFailures: 2,
    });
    expect(keyFactsOf(rotated)).toEqual({});
  });

  it('reportRun records the key gauges without the caller passing facts', async () => {
    bodies.length = 0;
    const t = await startTelemetry('keyroll-report', { OTEL_EXPORTER_OTLP_ENDPOINT: base });
    const key = {
      rotatedAt: '2026-11-29T12:00:03.000Z',
      keyExpiresOn: '2027-02-27T12:00:03.000Z',
      consecutiveFailures: 0,
    };
    await reportRun({ ...rotated, key }, { runner: 'test', logger: createLogger({ sink: () => {} }) });
    await t.flush();
    await t.shutdown();
    const sent = bodies.join('\n');
    expect(sent).toContain('"keyroll.key.days_to_expiry"');
    expect(sent).toContain('"keyroll.key.age"');
  });
});
