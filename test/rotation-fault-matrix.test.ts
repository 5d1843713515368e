/**
 * R0/R2/R3 fault matrix: for every call the engine makes (issuer and vault) and each kind of fault, run a
 * rotation, check the invariant R0 holds, then run again without faults and check it converges to a
 * completed rotation. Crashes run the rotation in a child process that is killed at that point.
 * The starting state varies from case to case (a seeded key alone, a key keyroll made, an inactive
 * previous key beside the current one, a lagging second target), so every call point meets several.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import type { FaultRule, VaultCall } from '@keyroll/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { assertNoLeak, createWorld, SERVICE_ACCOUNT, type World } from './helpers/world.ts';

type Stage = 'before-create' | 'create' | 'verify' | 'store' | 'after-store';
interface Point {
  name: string;
  stage: Stage;
  issuer?: {
    route: string;
    when?: (detail: Record<string, unknown>, current: string) => boolean;
    skip?: number;
  };
  vault?: { call: VaultCall; target: number; skip?: number };
}

const points: Point[] = [
  {
    name: 'login with the current key',
    stage: 'before-create',
    issuer: { route: 'POST /login', when: (d, current) => d.accessKeyId === current },
  },
  { name: 'identity (current key)', stage: 'before-create', issuer: { route: 'GET /user/me' } },
  { name: 'list keys', stage: 'before-create', issuer: { route: 'GET /access_keys' } },
  {
    name: 'delete the inactive key (make room)',
    stage: 'before-create',
    issuer: { route: 'DELETE /access_keys/:id' },
  },
  { name: 'create the new key', stage: 'create', issuer: { route: 'POST /access_keys' } },
  {
    name: 'login with the new key (verify)',
    stage: 'verify',
    issuer: { route: 'POST /login', when: (d, current) => d.accessKeyId !== current },
  },
  { name: 'identity (new key, verify)', stage: 'verify', issuer: { route: 'GET /user/me', skip: 1 } },
  {
    name: 'deactivate the old key (retire)',
    stage: 'after-store',
    issuer: { route: 'PATCH /access_keys/:id/status/:status' },
  },
  { name: 'read the primary', stage: 'before-create', vault: { call: 'vault.read', target: 0 } },
  { name: 'write the primary', stage: 'store', vault: { call: 'vault.write', target: 0 } },
  { name: 'write the second target', stage: 'store', vault: { call: 'vault.write', target: 1 } },
  { name: 'read back the second target', stage: 'store', vault: { call: 'vault.read', target: 1, skip: 1 } },
  {
    name: 'disable the superseded version (tidy)',
    stage: 'after-store',
    vault: { call: 'vault.disableVersion', target: 0 },
  },
];

type Kind = 'error' | 'rate-limit' | 'timeout' | 'ambiguous' | 'crash';
const issuerKinds: Kind[] = ['error', 'rate-limit', 'timeout', 'ambiguous', 'crash'];
const vaultKinds: Kind[] = ['error', 'timeout', 'ambiguous', 'crash'];

/**
 * seeded: the key an operator stored, alone. keyroll-made: a first rotation already ran (the current key
 * is named keyroll-…, the seeded one is inactive). inactive-previous: an inactive key beside the current
 * one (make-room deletes it). lagging: the second target still holds an older, still active key.
 */
type Start = 'seeded' | 'keyroll-made' | 'inactive-previous' | 'lagging';
const starts: Start[] = ['seeded', 'keyroll-made', 'inactive-previous', 'lagging'];
const cases = points.flatMap((point, p) => {
  // make-room only runs when the account is at its limit.
  const usable = point.name.includes('make room') ? starts.filter((s) => s !== 'seeded') : starts;
  return (point.issuer ? issuerKinds : vaultKinds).map((kind, k) => ({
    point,
    kind,
    start: usable[(p + k) % usable.length]!,
  }));
});

interface Setup {
  w: World;
  /** Key id in the primary at the start. */
  current: string;
  /** Keys that may still be active after a clean rollback. */
  mayStayActive: string[];
}

async function setUp(start: Start): Promise<Setup> {
  const w = await createWorld({ targets: 2, seedInactiveKey: start === 'inactive-previous' });
  if (start === 'keyroll-made') {
    const r = await w.rotate();
    if (r.outcome !== 'rotated') throw new Error(`setup rotation: ${r.message}`);
    w.sim.clearRequests();
    return { w, current: r.newKeyId!, mayStayActive: [r.newKeyId!] };
  }
  if (start === 'lagging') {
    const older = w.sim.addKey(SERVICE_ACCOUNT, { name: 'older', createdTs: Date.now() - 80 * 86_400_000 });
    await writeFile(w.paths[1]!, `${JSON.stringify({ ...older, apiUrl: w.sim.url })}\n`);
    return { w, current: w.first.accessKeyId, mayStayActive: [w.first.accessKeyId, older.accessKeyId] };
  }
  return { w, current: w.first.accessKeyId, mayStayActive: [w.first.accessKeyId] };
}

function issuerRule(point: Point, kind: Kind, current: string, onCrash: () => void): FaultRule {
  const spec = point.issuer!;
  const base = {
    match: (call: string, detail?: unknown) =>
      call === spec.route && (!spec.when || spec.when((detail ?? {}) as Record<string, unknown>, current)),
    skip: spec.skip ?? 0,
  };
  switch (kind) {
    case 'error':
      return { ...base, kind: 'error', status: 500, times: Number.POSITIVE_INFINITY };
    case 'rate-limit':
      return {
        ...base,
        kind: 'error',
        status: 429,
        headers: { 'retry-after': '0' },
        body: '<html>slow down</html>',
        times: 2,
      };
    case 'timeout':
      return { ...base, kind: 'timeout' };
    case 'ambiguous':
      return { ...base, kind: 'drop-after-apply' };
    case 'crash':
      return { ...base, kind: 'hang-after-apply', onHit: onCrash };
  }
}

/** A lagging second target is written once more (the repair) before the store step. */
const extraSkip = (point: Point, start: Start) =>
  start === 'lagging' && point.vault?.call === 'vault.write' && point.vault.target === 1 ? 1 : 0;

function vaultRule(point: Point, kind: Kind, w: World, start: Start): FaultRule {
  const spec = point.vault!;
  const target = w.adapters[spec.target]!.id;
  const base = {
    match: (call: string, detail?: unknown) =>
      call === spec.call && (detail as { target?: string })?.target === target,
    skip: (spec.skip ?? 0) + extraSkip(point, start),
  };
  if (kind === 'error') return { ...base, kind: 'error', times: Number.POSITIVE_INFINITY };
  if (kind === 'timeout') return { ...base, kind: 'timeout' };
  return { ...base, kind: 'drop-after-apply' };
}

async function crashRun({ w, current }: Setup, point: Point, start: Start): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SIM_URL: w.sim.url,
    PATHS: JSON.stringify(w.paths),
    LOCK_DIR: w.dir,
  };
  if (point.vault) {
    env.CRASH_VAULT_CALL = point.vault.call.replace('vault.', '');
    env.CRASH_VAULT_TARGET = String(point.vault.target);
    env.CRASH_VAULT_SKIP = String((point.vault.skip ?? 0) + extraSkip(point, start));
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/rotate-child.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  if (point.issuer) {
    w.sim.faults.add({ ...issuerRule(point, 'crash', current, () => child.kill('SIGKILL')) });
  }
  const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, sig) => resolve(sig)),
  );
  if (signal !== 'SIGKILL')
    throw new Error(`the child was expected to die at "${point.name}" but exited: ${output}`);
}

const counted: string[] = [];
afterAll(() => {
  console.log(`fault matrix: ${counted.length} cases (${points.length} call points × fault kinds)`);
});

describe('fault matrix: every engine call × every fault kind keeps R0 and converges', () => {
  it.each(cases.map((c) => [`${c.point.name} / ${c.kind} / from ${c.start}`, c] as const))(
    '%s',
    async (_label, { point, kind, start }) => {
      counted.push(_label);
      const setup = await setUp(start);
      const { w, current } = setup;
      try {
        if (kind === 'crash') {
          await crashRun(setup, point, start);
          w.clearFaults();
        } else {
          if (point.issuer) w.sim.faults.add(issuerRule(point, kind, current, () => {}));
          else w.vaultFaults.add(vaultRule(point, kind, w, start));
          const result = await w.rotate();
          w.clearFaults();
          // One fault never leaves a mess a person must clean up.
          expect(result.outcome, result.message).not.toBe('needs_attention');
          if (result.outcome === 'rolled_back') {
            const ids = await w.vaultKeyIds();
            expect(ids[0]).toBe(current);
            for (const id of ids) expect(setup.mayStayActive).toContain(id);
            for (const k of w.activeKeys()) expect(setup.mayStayActive).toContain(k.id);
            // The current key survives, whatever its name; no key of this rotation is left.
            expect(w.activeKeys().map((k) => k.id)).toContain(current);
            expect(w.sim.keys(SERVICE_ACCOUNT).some((k) => k.name === `keyroll-${result.rotationId}`)).toBe(
              false,
            );
          }
          if (point.stage === 'store' && kind !== 'ambiguous') expect(result.outcome).toBe('rolled_back');
          if (point.stage === 'store' && kind === 'ambiguous' && point.vault?.call === 'vault.write') {
            expect(result.outcome).toBe('rolled_back');
          }
          if (point.stage === 'after-store') expect(result.outcome).toBe('rotated');
          if (result.outcome === 'rotated') {
            expect(await w.vaultKeyIds()).toEqual([result.newKeyId, result.newKeyId]);
          }
        }
        await w.assertR0();

        // Converge: the next run without faults completes a rotation.
        const next = await w.rotate();
        expect(next.outcome, next.message).toBe('rotated');
        await w.assertR0();
        expect(await w.vaultKeyIds()).toEqual([next.newKeyId, next.newKeyId]);
        expect(w.activeKeys().map((k) => k.id)).toEqual([next.newKeyId]);
        assertNoLeak(
          w.logs.map((r) => JSON.stringify(r)),
          w.secrets(),
        );
      } finally {
        await w.close();
      }
    },
  );

  it('covers well over 50 cases, and every call point from more than one starting state', () => {
    expect(cases.length).toBeGreaterThan(50);
    for (const point of points) {
      const seen = new Set(cases.filter((c) => c.point === point).map((c) => c.start));
      expect(seen.size, point.name).toBeGreaterThan(2);
    }
    expect(new Set(cases.map((c) => c.start))).toEqual(new Set(starts));
  });
});
