import type { Credential } from '../../credential.ts';
import { isKeyrollError, KeyrollError } from '../../errors.ts';
import type { IssuerSession } from '../../issuer.ts';
import { retry } from '../../retry.ts';
import type { RotationRun } from '../start.ts';

/**
 * R1 step 7: log in with the new key (retrying while it propagates) and confirm it belongs to the same
 * account. Its session is kept to retire the old key (self mode). Read-only: safe to repeat.
 */
export async function verify(run: RotationRun): Promise<undefined> {
  const created = run.state.created!;
  const owner = run.state.owner!;
  run.state.freshSession = await run.recorder.step(
    'verify',
    () => loginAs(run, created.credential, owner),
    () => `logged in with ${created.id} as ${owner}`,
  );
  return undefined;
}

async function loginAs(run: RotationRun, fresh: Credential, owner: string): Promise<IssuerSession> {
  const { policy, context } = run;
  return retry(
    async () => {
      const s = run.track(await context.issuer.login(fresh));
      const me = await s.identity();
      if (policy.mode === 'self' && me.name !== owner) {
        throw new KeyrollError('identity_mismatch', `the new key logs in as ${me.name}, not ${owner}`, {
          category: 'internal',
          retryable: false,
        });
      }
      if (policy.mode === 'admin') {
        const mine = await s.listKeys(owner);
        if (!mine.some((k) => k.id === fresh.accessKeyId)) {
          throw new KeyrollError('identity_mismatch', `the new key does not belong to ${owner}`, {
            category: 'internal',
            retryable: false,
          });
        }
      }
      return s;
    },
    {
      maxAttempts: policy.verifyAttempts,
      baseDelayMs: policy.verifyBaseDelayMs,
      clock: run.clock,
      // A new key may be rejected until it propagates: auth failures are retried here.
      shouldRetry: (err) => isKeyrollError(err) && (err.retryable || err.category === 'auth'),
    },
  );
}
