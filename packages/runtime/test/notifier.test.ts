import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, type LogRecord, RESULT_SCHEMA_VERSION, type RotationResult } from '@keyroll/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecordFor, NOTIFY_SETTINGS, Notifier, notifierConfigFromSettings } from '../src/index.ts';

const SECRET = 'prisma-secret-key-value-0123456789';
const HOOK_TOKEN = 'T000/B000/hook-credential-xyz';

interface Received {
  path: string;
  type: string | undefined;
  body: unknown;
}

let server: Server;
let base: string;
const received: Received[] = [];
const answer = 200;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const text = await readBody(req);
    if (req.url?.startsWith('/hang')) return; // never answers: the notifier's timeout must end it
    received.push({ path: req.url ?? '', type: req.headers['content-type'], body: JSON.parse(text) });
    res.statusCode = req.url?.startsWith('/fail') ? 500 : answer;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const result = (outcome: RotationResult['outcome'], extra: Partial<RotationResult> = {}): RotationResult => ({
  schemaVersion: RESULT_SCHEMA_VERSION,
  rotationId: '20261129T120000Z-abcd1234',
  outcome,
  message: `done; the API said ${SECRET}`,
  dryRun: false,
  serviceAccount: 'ci-scanner',
  oldKeyId: 'old-key-id',
  newKeyId: 'new-key-id',
  targets: [{ id: 'file:/tmp/a.json', status: 'updated', version: '3' }],
  steps: [{ name: 'create', status: 'ok', durationMs: 12 }],
  warnings: [],
  startedAt: '2026-11-29T12:00:00.000Z',
  finishedAt: '2026-11-29T12:00:02.500Z',
  ...extra,
});

function setup(settings: Record<string, string>, timeoutMs = 5000) {
  const logs: LogRecord[] = [];
  const logger = createLogger({ sink: (r) => logs.push(r) });
  logger.redactor.add(SECRET);
  const config = notifierConfigFromSettings((n) => settings[n], '//keyroll/test');
  config.timeoutMs = timeoutMs;
  return { notifier: new Notifier(config, logger), logs };
}

describe('Notifier', () => {
  it('tells people about a rollback in Slack and Teams (Adaptive Card) formats, and JSON as a CloudEvent', async () => {
    received.length = 0;
    const { notifier } = setup({
      [NOTIFY_SETTINGS.webhooks]: `slack=${base}/slack/${HOOK_TOKEN},teams=${base}/teams,${base}/json`,
    });
    const stats = await notifier.rotationFinished(result('rolled_back', { reason: 'verify_failed' }));
    expect(stats).toEqual({ sent: 3, failed: 0 });
    const byPath = (p: string) => received.find((r) => r.path.startsWith(p))!;
    expect(byPath('/slack').body).toMatchObject({ text: expect.stringContaining('rolled back') });
    const teams = byPath('/teams').body as {
      attachments: Array<{ contentType: string; content: { type: string } }>;
    };
    expect(teams.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(teams.attachments[0]!.content.type).toBe('AdaptiveCard');
    const json = byPath('/json');
    expect(json.type).toBe('application/cloudevents+json');
    expect(json.body).toMatchObject({
      specversion: '1.0',
      type: 'keyroll.rolled_back',
      subject: 'ci-scanner',
    });
    expect(JSON.stringify(received)).not.toContain(SECRET);
  });

  it('sends keyroll.rotated to consumers always, and to people only when opted in', async () => {
    received.length = 0;
    const quiet = setup({
      [NOTIFY_SETTINGS.webhooks]: `slack=${base}/slack`,
      [NOTIFY_SETTINGS.eventWebhooks]: `${base}/consumer`,
    });
    await quiet.notifier.rotationFinished(result('rotated'));
    expect(received.map((r) => r.path)).toEqual(['/consumer']);
    const event = received[0]!.body as { type: string; data: Record<string, unknown> };
    expect(event.type).toBe('keyroll.rotated');
    expect(event.data).toMatchObject({
      oldKeyId: 'old-key-id',
      newKeyId: 'new-key-id',
      targets: [{ id: 'file:/tmp/a.json', status: 'updated', version: '3' }],
    });
    received.length = 0;
    const loud = setup({
      [NOTIFY_SETTINGS.webhooks]: `slack=${base}/slack`,
      [NOTIFY_SETTINGS.onSuccess]: 'true',
    });
    await loud.notifier.rotationFinished(result('rotated'));
    expect(received.map((r) => r.path)).toEqual(['/slack']);
  });

  it('skips and dry runs are not events', async () => {
    received.length = 0;
    const { notifier } = setup({
      [NOTIFY_SETTINGS.webhooks]: `${base}/json`,
      [NOTIFY_SETTINGS.onSuccess]: 'true',
    });
    await notifier.rotationFinished(result('skipped', { reason: 'not_due' }));
    await notifier.rotationFinished(result('rotated', { dryRun: true }));
    expect(received).toEqual([]);
  });

  it('a failing, hanging or unreachable webhook is logged (without its URL) and counted, never thrown', async () => {
    const { notifier, logs } = setup(
      {
        [NOTIFY_SETTINGS.webhooks]: `${base}/fail/${HOOK_TOKEN},${base}/hang,http://127.0.0.1:1/${HOOK_TOKEN}`,
      },
      300,
    );
    const stats = await notifier.escalation({ cause: 'consecutive_failures', consecutiveFailures: 3 });
    expect(stats).toEqual({ sent: 0, failed: 3 });
    expect(notifier.stats.failed).toBe(3);
    expect(logs.filter((l) => l.level === 'warn')).toHaveLength(3);
    expect(JSON.stringify(logs)).not.toContain(HOOK_TOKEN);
    expect(JSON.stringify(logs)).not.toContain('127.0.0.1');
  });

  it('refuses bad settings without quoting the URL', () => {
    const bad = (v: string) => () =>
      notifierConfigFromSettings((n) => (n === NOTIFY_SETTINGS.webhooks ? v : undefined), 's');
    expect(bad(`http://hooks.example.com/${HOOK_TOKEN}`)).toThrow(/must be an https URL/);
    expect(bad(`pager=https://x.example/${HOOK_TOKEN}`)).toThrow(/kind must be one of/);
    expect(bad(`not a url ${HOOK_TOKEN}`)).toThrow(/is not a URL/);
    try {
      bad(`http://hooks.example.com/${HOOK_TOKEN}`)();
    } catch (err) {
      expect((err as Error).message).not.toContain(HOOK_TOKEN);
    }
  });
});

describe('audit record', () => {
  it('has the stable v1 schema, key ids and no values', () => {
    const record = auditRecordFor(result('rotated'), 'cli', { kind: 'manual', detail: 'cli' });
    expect(record).toMatchObject({
      schema: 'keyroll.audit/v1',
      event: 'keyroll.audit',
      outcome: 'rotated',
      oldKeyId: 'old-key-id',
      newKeyId: 'new-key-id',
      durationMs: 2500,
      runner: 'cli',
      trigger: { kind: 'manual', id: null, detail: 'cli' },
    });
    expect(Object.keys(record).sort()).toMatchInlineSnapshot(`
      [
        "dryRun",
        "durationMs",
        "errorCode",
        "event",
        "newKeyId",
        "oldKeyId",
        "outcome",
        "reason",
        "rotationId",
        "runner",
        "schema",
        "serviceAccount",
        "steps",
        "targets",
        "time",
        "trigger",
      ]
    `);
  });
});
