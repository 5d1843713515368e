/**
 * R0/R2/R3 fault matrix: for every call the engine makes (issuer and vault) and each kind of fault, run a
 * rotation, check the invariant R0 holds, then run again without faults and check it converges to a
 * completed rotation. Crashes run the rotation in a child process that is killed at that point.
 */
import { spawn } from 'node:child_process';
import type { FaultRule, VaultCall } from '@keyroll/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { assertNoLeak, createWorld, type World } from './helpers/world.ts';

type Stage = 'before-create' | 'create' | 'verify' | 'store' | 'after-store';
interface Point {
  name: string;
  stage: Stage;
  issuer?: { route: string; when?: (detail: Record<string, unknown>, w: World) => boolean; skip?: number };
  vault?: { call: VaultCall; target: number; skip?: number };
}

const points: Point[] = [
  {
    name: 'login with the current key',
    stage: 'before-create',
    issuer: { route: 'POST /login', when: (d, w) => d.accessKeyId === w.first.accessKeyId },
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
    issuer: { route: 'POST /login', when: (d, w) => d.accessKeyId !== w.first.accessKeyId },
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
const cases = points.flatMap((point) =>
  (point.issuer ? issuerKinds : vaultKinds).map((kind) => ({ point, kind })),
);

function issuerRule(point: Point, kind: Kind, w: World, onCrash: () => void): FaultRule {
  const spec = point.issuer!;
  const base = {
    match: (call: string, detail?: unknown) =>
      call === spec.route && (!spec.when || spec.when((detail ?? {}) as Record<string, unknown>, w)),
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

function vaultRule(point: Point, kind: Kind, w: World): FaultRule {
  const spec = point.vault!;
  const target = w.adapters[spec.target]!.id;
  const base = {
    match: (call: string, detail?: unknown) =>
      call === spec.call && (detail as { target?: string })?.target === target,
    skip: spec.skip ?? 0,
  };
  if (kind === 'error') return { ...base, kind: 'error', times: Number.POSITIVE_INFINITY };
  if (kind === 'timeout') return { ...base, kind: 'timeout' };
  return { ...base, kind: 'drop-after-apply' };
}

async function crashRun(w: World, point: Point): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SIM_URL: w.sim.url,
    PATHS: JSON.stringify(w.paths),
    LOCK_DIR: w.dir,
  };
  if (point.vault) {
    env.CRASH_VAULT_CALL = point.vault.call.replace('vault.', '');
    env.CRASH_VAULT_TARGET = String(point.vault.target);
    env.CRASH_VAULT_SKIP = String(point.vault.skip ?? 0);
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/rotate-child.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  if (point.issuer) {
    w.sim.faults.add({ ...issuerRule(point, 'crash', w, () => child.kill('SIGKILL')) });
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
  it.each(cases.map((c) => [`${c.point.name} / ${c.kind}`, c] as const))(
    '%s',
    async (_label, { point, kind }) => {
      counted.push(_label);
      const w = await createWorld({ targets: 2, seedInactiveKey: true });
      try {
        if (kind === 'crash') {
          await crashRun(w, point);
          w.clearFaults();
        } else {
          if (point.issuer) w.sim.faults.add(issuerRule(point, kind, w, () => {}));
          else w.vaultFaults.add(vaultRule(point, kind, w));
          const result = await w.rotate();
          w.clearFaults();
          // One fault never leaves a mess a person must clean up.
          expect(result.outcome, result.message).not.toBe('needs_attention');
          if (result.outcome === 'rolled_back') {
            expect(await w.vaultKeyIds()).toEqual([w.first.accessKeyId, w.first.accessKeyId]);
            expect(w.activeKeys().map((k) => k.id)).toEqual([w.first.accessKeyId]);
            expect(w.sim.keys('ci-scanner').some((k) => k.name.startsWith('keyroll-'))).toBe(false);
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

  it('covers well over 50 cases', () => {
    expect(cases.length).toBeGreaterThan(50);
  });
});
