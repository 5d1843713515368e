/**
 * `keyroll rotate --all --json` writes its result objects one account at a time (packages/cli/src/fleet.ts,
 * for the fleet's peak memory): the text must stay exactly what JSON.stringify(body, null, 2) gives, and
 * every item still passes the run's redactor.
 */
import { Redactor } from '@keyroll/core';
import type { FleetReport } from '@keyroll/runtime/fleet';
import { describe, expect, it } from 'vitest';
import { writeJsonReport } from '../packages/cli/src/fleet.ts';

const SECRET = 'c2VjcmV0LXZhbHVlLW9mLWEta2V5LTEyMzQ1Njc4OTA=';

function report(items: FleetReport['items']): FleetReport {
  return {
    items,
    exitCode: 1,
    github: { accounts: 0, writes: 0, minimumSeconds: 0, fitsInAnHour: true, summary: 'no GitHub mirrors' },
    peakConcurrency: 2,
    durationMs: 1234,
  } as FleetReport;
}

const item = (account: string, message: string): FleetReport['items'][number] => ({
  account,
  primary: `file:/tmp/${account}.json`,
  mirrors: ['github://acme/api/PRISMA'],
  outcome: 'rolled_back',
  exitCode: 1,
  message,
  error: { code: 'x', category: 'internal', message: `nested\n${message}` },
});

function written(r: FleetReport, redactor: Redactor): string {
  let out = '';
  writeJsonReport(r, { write: (s: string) => (out += s) }, redactor);
  return out;
}

describe('rotate --all --json', () => {
  it('streams the same text JSON.stringify(body, null, 2) gives, redacted', () => {
    const redactor = new Redactor();
    redactor.add(SECRET);
    const r = report([item('a', `failed → ${SECRET}`), item('b', 'ok "quoted"\tdone')]);
    const text = written(r, redactor);
    const body = { exitCode: r.exitCode, github: r.github, durationMs: r.durationMs, items: r.items };
    expect(text).toBe(`${JSON.stringify(redactor.redact(body), null, 2)}\n`);
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text).items).toHaveLength(2);
  });

  it('an empty run is still one JSON document', () => {
    const text = written(report([]), new Redactor());
    expect(JSON.parse(text)).toMatchObject({ exitCode: 1, items: [] });
  });
});
