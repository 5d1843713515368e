/**
 * Every write goes through Effects (issue 9): recording effects (dry run) reach no adapter and no issuer
 * session, and no step calls a writing method itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createLogger,
  type IssuerSession,
  type LockProvider,
  memorySink,
  RunRecorder,
  recordingEffects,
  type StagingVaultAdapter,
} from '../src/index.ts';

const engine = join(import.meta.dirname, '../src/engine');

/** Any call of a method that writes to a vault or the issuer. */
const WRITING_CALL =
  /\.(write|restore|createKey|deleteKey|deactivateKey|disableVersion|disableSuperseded|writeBookkeeping|writePending|promote|clearPending|acquire)!?\(/g;

describe('Effects', () => {
  it('recording effects (dry run) touch no adapter, no session and no lock, and report each write as planned', async () => {
    const touched: string[] = [];
    const trap = new Proxy(
      {},
      {
        get: (_t, name) => {
          if (name === 'id') return 'trap';
          if (name === 'then') return undefined;
          return () => {
            touched.push(String(name));
            throw new Error(`dry run called ${String(name)}`);
          };
        },
      },
    );
    const sink = memorySink();
    const run = new RunRecorder(
      'r',
      true,
      ['trap'],
      { now: () => 0, sleep: async () => {} },
      createLogger({ sink }),
    );
    const fx = recordingEffects(run);
    const target = trap as StagingVaultAdapter;
    const session = trap as IssuerSession;
    const say = { step: 'store' as const, did: () => 'did', would: 'would' };
    expect(fx.live).toBe(false);
    const lease = await fx.acquireLock(trap as LockProvider, 'n', 'o', 1000);
    expect(lease?.renew).toBeUndefined();
    await fx.deleteKey(session, 'k', say);
    await fx.deactivateKey(session, 'k', say);
    await fx.write(target, 'v', {}, {}, say);
    await fx.restore(target, { value: 'v', version: undefined, metadata: {}, managed: true }, say);
    await fx.disableVersion(target, '1', say);
    await fx.disableSuperseded(target, say);
    await fx.writeBookkeeping(target, { consecutiveFailures: 1 }, say);
    await fx.writePending(target, 'v', 't', say);
    await fx.promote(target, 't', {}, say);
    await fx.clearPending(target, '1', say);
    await expect(fx.createKey(session, { name: 'n' }, { ...say, did: () => 'x' })).rejects.toMatchObject({
      code: 'dry_run_create',
    });
    expect(touched).toEqual([]);
    expect(run.steps.map((s) => s.status)).toEqual(Array(11).fill('planned'));
  });

  it('no engine module but effects.ts calls a writing method of an adapter, a session or a lock', () => {
    const files = readdirSync(engine)
      .filter((f) => f.endsWith('.ts') && f !== 'effects.ts')
      .map((f) => join(engine, f));
    files.push(...readdirSync(join(engine, 'steps')).map((f) => join(engine, 'steps', f)));
    expect(files.length).toBeGreaterThan(20);
    const offenders: string[] = [];
    for (const file of files) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        for (const m of line.matchAll(WRITING_CALL)) {
          // `run.effects.x(` / `effects.x(` is the one way to write.
          if (!/effects\.\w+!?\($/.test(line.slice(0, (m.index ?? 0) + m[0].length))) {
            offenders.push(`${file.slice(engine.length + 1)}:${i + 1}: ${line.trim()}`);
          }
        }
      });
    }
    expect(offenders).toEqual([]);
  });
});
