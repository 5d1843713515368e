/**
 * Usage-aware retirement end to end: the simulator records lastUsedTime on each login, the Prisma Cloud
 * client returns it, the retire-previous step (run by every later run, the sweeps included) reports it and,
 * with retireWhenUnusedMinutes, retires a quiet old key before the grace ends; `keyroll status` shows it.
 */

import { writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { runCli } from '@keyroll/cli';
import { consumerLogsIn, ManualClock } from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertNoLeak, createWorld, SERVICE_ACCOUNT, type World } from './helpers/world.ts';

const MIN = 60_000;
let clock: ManualClock;
let w: World;

beforeEach(async () => {
  clock = new ManualClock(Date.UTC(2026, 10, 29, 12));
  w = await createWorld({ simulator: { clock }, policy: { graceHours: 24, retireWhenUnusedMinutes: 30 } });
});
afterEach(async () => {
  assertNoLeak(
    w.logs.map((l) => JSON.stringify(l)),
    w.secrets(),
  );
  await w.close();
});

const sweep = () => w.rotate({ force: false, trigger: { kind: 'schedule' } }, {}, { clock });
const status = (k: string) => w.sim.keys(SERVICE_ACCOUNT).find((x) => x.id === k)?.status;

describe('usage-aware retirement', () => {
  it('keeps an old key a consumer still uses, says so, and retires it 30 min after its last use', async () => {
    const rotated = await w.rotate({}, {}, { clock });
    expect(rotated.outcome).toBe('rotated');
    const old = w.first;
    clock.advance(10 * MIN);
    await consumerLogsIn(old.apiUrl, old);
    clock.advance(3 * MIN);

    const inUse = await sweep();
    expect(inUse).toMatchObject({ outcome: 'skipped', reason: 'grace_period' });
    const step = inUse.steps.find((s) => s.name === 'retire-previous');
    expect(step).toMatchObject({ status: 'skipped' });
    expect(step?.detail).toContain(`old key ${old.accessKeyId} used 3 min ago: a consumer has not switched`);
    expect(inUse.message).toContain('a consumer has not switched');
    expect(status(old.accessKeyId)).toBe('active');

    // keyroll status shows it too (the file vault has no consumer window: --grace-hours says the grace).
    let out = '';
    const code = await runCli(
      [
        'status',
        '--vault',
        `file:${w.paths[0]}`,
        '--grace-hours',
        '24',
        '--retire-when-unused-minutes',
        '30',
      ],
      {
        stdout: { write: (s: string) => (out += s) },
        stderr: { write: (s: string) => (out += s) },
        env: { KEYROLL_ALLOWED_API_ORIGINS: w.sim.url },
        clock,
      },
    );
    expect(code, out).toBe(0);
    expect(out).toContain(
      `previous key: old key ${old.accessKeyId} used 3 min ago: a consumer has not switched`,
    );
    assertNoLeak([out], w.secrets());

    // status --all says it on the account's line (keyroll.yaml beside the vault file).
    const config = join(dirname(w.paths[0]!), 'keyroll.yaml');
    await writeFile(
      config,
      [
        'version: 1',
        `allowApiOrigins: ["${w.sim.url}"]`,
        'accounts:',
        `  - { name: ci, primary: "file:${basename(w.paths[0]!)}", policy: { graceHours: 24, retireWhenUnusedMinutes: 30 } }`,
      ].join('\n'),
    );
    let table = '';
    const all = await runCli(['status', '--all', '--config', config], {
      stdout: { write: (s: string) => (table += s) },
      stderr: { write: (s: string) => (table += s) },
      env: {},
      clock,
    });
    expect(all, table).toBe(0);
    expect(table).toContain(`old key ${old.accessKeyId} used 3 min ago: a consumer has not switched`);
    assertNoLeak([table], w.secrets());

    clock.advance(26 * MIN); // 29 min after the last use
    expect((await sweep()).reason).toBe('grace_period');
    expect(status(old.accessKeyId)).toBe('active');
    clock.advance(2 * MIN); // 31 min
    const retired = await sweep();
    const done = retired.steps.find((s) => s.name === 'retire-previous');
    expect(done).toMatchObject({ status: 'ok' });
    expect(done?.detail).toContain('unused for 30 min');
    expect(status(old.accessKeyId)).toBe('inactive');
    await w.assertR0();
  });

  it('retires a quiet old key 30 min after the store, long before the 24 h grace', async () => {
    await w.rotate({}, {}, { clock });
    clock.advance(29 * MIN);
    await sweep();
    expect(status(w.first.accessKeyId)).toBe('active');
    clock.advance(MIN);
    await sweep();
    expect(status(w.first.accessKeyId)).toBe('inactive');
    await w.assertR0();
  });

  it('without the option the old key waits for the whole grace, however quiet', async () => {
    await w.rotate({}, {}, { clock });
    clock.advance(23 * 60 * MIN);
    const r = await w.rotate(
      { force: false, trigger: { kind: 'schedule' } },
      { retireWhenUnusedMinutes: undefined },
      { clock },
    );
    expect(r.steps.find((s) => s.name === 'retire-previous')?.detail).toContain(
      'not used since the new key was stored',
    );
    expect(status(w.first.accessKeyId)).toBe('active');
    clock.advance(60 * MIN);
    await w.rotate(
      { force: false, trigger: { kind: 'schedule' } },
      { retireWhenUnusedMinutes: undefined },
      { clock },
    );
    expect(status(w.first.accessKeyId)).toBe('inactive');
  });
});
