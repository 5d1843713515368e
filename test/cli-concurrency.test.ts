/**
 * One rotation at a time, really (R1 step 1): 8 CLI processes race on one due key, 20 rounds. Each round
 * exactly one key is created, nobody needs attention, and R0 holds at the end.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY_MS } from '@keyroll/core';
import { startPrismaSimulator } from '@keyroll/testkit';
import { expect, it } from 'vitest';
import { assertNoLeak } from './helpers/world.ts';

const PROCESSES = 8;
const ROUNDS = 20;

it(`${PROCESSES} CLI processes on one due key for ${ROUNDS} rounds: one key created per round, never exit 3`, async () => {
  let offsetMs = 0;
  const sim = await startPrismaSimulator({ clock: { now: () => Date.now() + offsetMs } });
  const dir = await mkdtemp(join(tmpdir(), 'keyroll-race-'));
  const workers: ChildProcess[] = [];
  const outputs: string[] = [];
  try {
    const path = join(dir, 'secret.json');
    await writeFile(path, JSON.stringify(sim.addServiceAccount('racer')));
    for (let i = 0; i < PROCESSES; i++) {
      workers.push(
        fork(join(import.meta.dirname, 'fixtures/cli-worker.ts'), {
          execArgv: ['--import', 'tsx'],
          stdio: 'ignore',
        }),
      );
    }
    await Promise.all(workers.map((w) => new Promise((r) => w.once('message', r))));
    const argv = ['rotate', '--vault', `file:${path}`, '--allow-api-origin', sim.url, '--json'];
    for (let round = 0; round < ROUNDS; round++) {
      offsetMs += 2 * DAY_MS; // the key in the vault is now past the minimum age: due
      const createsBefore = sim.requests.filter(
        (r) => r.route === 'POST /access_keys' && r.status === 200,
      ).length;
      const at = Date.now() + 100;
      const answers = await Promise.all(
        workers.map(
          (w) =>
            new Promise<{ code: number; output: string }>((resolve) => {
              w.once('message', resolve);
              w.send({ argv, offsetMs, at });
            }),
        ),
      );
      outputs.push(...answers.map((a) => a.output));
      const creates = sim.requests.filter((r) => r.route === 'POST /access_keys' && r.status === 200).length;
      expect(creates - createsBefore, `round ${round}`).toBe(1);
      expect(
        answers.map((a) => a.code).filter((c) => c !== 0),
        `round ${round}: ${answers.map((a) => a.output).join('\n')}`,
      ).toEqual([]);
      const outcomes = answers.map((a) => JSON.parse(a.output).outcome as string);
      expect(
        outcomes.filter((o) => o === 'rotated'),
        `round ${round}`,
      ).toHaveLength(1);
    }
    // R0 at the end: the vault's key logs in, the account is within its limit.
    const stored = JSON.parse(await readFile(path, 'utf8'));
    expect(sim.canLogin(stored.accessKeyId, stored.secretKey)).toBe(true);
    expect(sim.keys('racer').length).toBeLessThanOrEqual(2);
    expect(
      sim
        .keys('racer')
        .filter((k) => k.status === 'active')
        .map((k) => k.id),
    ).toEqual([stored.accessKeyId]);
    assertNoLeak(outputs, [...sim.mintedSecrets(), ...sim.issuedTokens()]);
  } finally {
    for (const w of workers) w.kill();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}, 180_000);
