/**
 * R0/R2/R3 fault matrix for the rotation Lambda: for every call a step makes (Prisma Cloud and Secrets
 * Manager) and each kind of fault — a definite error, no answer (timeout), an answer lost after the change
 * was applied (ambiguous), the function killed right there (crash) — run the four steps as Secrets
 * Manager does, check R0 before every single call (AWSCURRENT and the mirror log in; the key limit
 * holds), then let Secrets Manager retry without faults and check the rotation converges: the token's key
 * is AWSCURRENT everywhere, the old key is retired, no other key is left behind.
 * A crash runs that invocation in a child process on the built bundle, killed when the call arrives.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FaultRule, RotationEvent } from '@keyroll/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  assertNoLeak,
  type LambdaWorld,
  r0Problems,
  startLambdaWorld,
  stepEvent,
  token,
} from './harness.ts';

type Step = RotationEvent['Step'];
type Kind = 'error' | 'timeout' | 'ambiguous' | 'crash';
interface Point {
  name: string;
  step: Step;
  service: 'prisma' | 'sm';
  /** The call name in the fake; `mirror` restricts a Secrets Manager call to the mirror secret. */
  call: string;
  mirror?: boolean;
  skip?: number;
  /** A read: nothing to apply, so no ambiguous case. */
  read?: boolean;
}

const points: Point[] = [
  { name: 'describe the secret', step: 'createSecret', service: 'sm', call: 'DescribeSecret', read: true },
  { name: 'read the current value', step: 'createSecret', service: 'sm', call: 'GetSecretValue', read: true },
  {
    name: 'log in with the current key',
    step: 'createSecret',
    service: 'prisma',
    call: 'POST /login',
    read: true,
  },
  { name: 'list keys', step: 'createSecret', service: 'prisma', call: 'GET /access_keys', read: true },
  {
    name: 'delete the inactive key (make room)',
    step: 'createSecret',
    service: 'prisma',
    call: 'DELETE /access_keys/:id',
  },
  { name: 'create the new key', step: 'createSecret', service: 'prisma', call: 'POST /access_keys' },
  {
    name: 'verify the new key',
    step: 'createSecret',
    service: 'prisma',
    call: 'POST /login',
    skip: 1,
    read: true,
  },
  { name: 'stage AWSPENDING', step: 'createSecret', service: 'sm', call: 'PutSecretValue' },
  { name: 'write the mirror', step: 'setSecret', service: 'sm', call: 'PutSecretValue', mirror: true },
  { name: 'tag the mirror', step: 'setSecret', service: 'sm', call: 'TagResource', mirror: true },
  {
    name: 'log in with the staged key',
    step: 'testSecret',
    service: 'prisma',
    call: 'POST /login',
    skip: 1,
    read: true,
  },
  { name: 'move AWSCURRENT', step: 'finishSecret', service: 'sm', call: 'UpdateSecretVersionStage' },
  { name: 'tag the rotation metadata', step: 'finishSecret', service: 'sm', call: 'TagResource' },
  {
    name: 'deactivate the old key',
    step: 'finishSecret',
    service: 'prisma',
    call: 'PATCH /access_keys/:id/status/:status',
  },
  {
    name: 'tidy AWSPREVIOUS',
    step: 'finishSecret',
    service: 'sm',
    call: 'UpdateSecretVersionStage',
    skip: 2,
  },
];

const kinds: Kind[] = ['error', 'timeout', 'ambiguous', 'crash'];
const cases = points.flatMap((point) =>
  kinds.filter((kind) => !(point.read && kind === 'ambiguous')).map((kind) => ({ point, kind })),
);
const STEPS: Step[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

let bundle: string;
let buildDir: string;
beforeAll(() => {
  buildDir = mkdtempSync(join(tmpdir(), 'keyroll-lambda-matrix-'));
  execFileSync(process.execPath, [resolve(import.meta.dirname, '../build.mjs'), '--outdir', buildDir], {
    stdio: 'pipe',
  });
  bundle = join(buildDir, 'index.mjs');
}, 120_000);
afterAll(() => rmSync(buildDir, { recursive: true, force: true }));

function faultFor(point: Point, kind: Kind, onCrash: () => void): FaultRule {
  const base = {
    match: point.mirror
      ? (call: string, detail?: unknown) =>
          call === point.call && (detail as { secretId?: string })?.secretId?.includes('mirror/') === true
      : point.call,
    ...(point.skip ? { skip: point.skip } : {}),
  };
  if (kind === 'timeout') return { ...base, kind: 'timeout' };
  if (kind === 'ambiguous') return { ...base, kind: 'drop-after-apply' };
  if (kind === 'crash') return { ...base, kind: 'hang-after-apply', onHit: onCrash };
  if (point.service === 'prisma') return { ...base, kind: 'error', status: 503 };
  // A definite refusal from Secrets Manager (throttled): nothing was applied.
  return {
    ...base,
    kind: 'error',
    status: 400,
    body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }),
  };
}

/** Runs one invocation in a child process on the bundle, killed when the faulty call arrives. */
function invokeInChild(
  world: LambdaWorld,
  event: RotationEvent,
): { child: ChildProcess; exited: Promise<void> } {
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { handler } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
       await handler(JSON.parse(process.env.EVENT)).catch(() => {});`,
    ],
    {
      env: {
        ...process.env,
        EVENT: JSON.stringify(event),
        KEYROLL_MODE: 'self',
        KEYROLL_MANAGED_SECRETS: world.arn,
        KEYROLL_ALLOWED_API_ORIGINS: world.sim.url,
        KEYROLL_MIRRORS: `aws-secrets-manager://${world.sm.region}/mirror/prisma-ci`,
        KEYROLL_LOG_LEVEL: 'error',
      },
      stdio: 'ignore',
    },
  );
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  return { child, exited };
}

describe('rotation Lambda fault matrix: R0 at every call, then convergence', () => {
  it.each(cases)('$point.step: $point.name × $kind', async ({ point, kind }) => {
    const world = await startLambdaWorld({ mirror: true, inactivePrevious: true, timeoutMs: 300 });
    const violations: string[] = [];
    const probe: FaultRule = {
      // Runs before every call either fake serves (it never matches, so it never changes the call).
      match: (call) => {
        for (const p of r0Problems(world)) violations.push(`before ${call}: ${p}`);
        return false;
      },
      kind: 'delay',
    };
    const arm = (rule?: FaultRule) => {
      for (const f of [world.sim.faults, world.sm.faults]) {
        f.clear();
        f.add(probe);
      }
      if (rule) (point.service === 'prisma' ? world.sim.faults : world.sm.faults).add(rule);
    };
    try {
      const old = world.current();
      const t = token(42);
      let fired = false;
      // Secrets Manager: each step in order, a failing step retried (here: once faulty, then clean).
      for (const step of STEPS) {
        const event = stepEvent(world, step, t);
        if (step === point.step) {
          if (kind === 'crash') {
            let run: ReturnType<typeof invokeInChild> | undefined;
            arm(
              faultFor(point, kind, () => {
                fired = true;
                run?.child.kill('SIGKILL');
              }),
            );
            run = invokeInChild(world, event);
            await run.exited;
          } else {
            arm(faultFor(point, kind, () => {}));
            await world.invoke(event).catch(() => undefined);
            fired = (point.service === 'prisma' ? world.sim.faults : world.sm.faults).hits.length > 0;
          }
          expect(
            fired,
            `the fault fired; R0: ${violations.join('; ')}; ${JSON.stringify(world.invocations.at(-1))}`,
          ).toBe(true);
          arm();
          for (const p of r0Problems(world)) violations.push(`after the fault: ${p}`);
        }
        arm();
        let attempts = 0;
        while (true) {
          attempts++;
          const ok = await world.invoke(event).then(
            () => true,
            () => false,
          );
          if (ok) break;
          expect(attempts, `${step} keeps failing: ${world.invocations.at(-1)?.error}`).toBeLessThan(3);
        }
      }
      expect(violations).toEqual([]);
      // Converged: the token's key is current everywhere, the old key retired, nothing else left.
      const current = world.current();
      const mine = world.sim.keys(ACCOUNT).filter((k) => k.name === `keyroll-sm-${t}`);
      expect(mine.map((k) => k.id)).toEqual([current.accessKeyId]);
      expect(JSON.parse(world.sm.valueAt(world.mirrorArn!)!).accessKeyId).toBe(current.accessKeyId);
      const others = world.sim.keys(ACCOUNT).filter((k) => k.id !== current.accessKeyId);
      expect(others.map((k) => [k.id, k.status])).toEqual([[old.accessKeyId, 'inactive']]);
      expect(world.sm.versions(world.arn).filter((v) => v.stages.includes('AWSPENDING'))).toEqual([]);
      assertNoLeak(world);
    } finally {
      await world.close();
    }
  });
});
