import { DAY_MS, dispositionFor, type RotationResult, resolvePolicy } from '@keyroll/core';
import { describe, expect, it } from 'vitest';
import { sharedEscalation } from '../src/handlers/escalation.ts';

const now = Date.UTC(2026, 10, 29);
const policy = resolvePolicy({});
const result = (outcome: RotationResult['outcome'], reason?: string) =>
  ({ outcome, reason, rotationId: 'r' }) as RotationResult;
const input = (outcome: RotationResult | unknown, metadata = {}, vaultExpiresOn?: Date) => ({
  target: 'https://kv.vault.azure.net/secrets/s',
  outcome,
  disposition: dispositionFor(outcome),
  metadata: { serviceAccount: 'sa', ...metadata },
  ...(vaultExpiresOn && { vaultExpiresOn }),
  policy,
  now,
});

describe('sweep escalation (shared rule, fed from Key Vault tags)', () => {
  const check = sharedEscalation();

  it('a rolled-back rotation with time to spare does not escalate', async () => {
    const rotatedAt = new Date(now - 30 * DAY_MS).toISOString();
    expect(
      await check.assess(input(result('rolled_back'), { rotatedAt }, new Date(now + 40 * DAY_MS))),
    ).toBeUndefined();
  });

  it('a key expiring within the policy window that was not rotated escalates (vault exp as fallback)', async () => {
    const fired = await check.assess(
      input(result('rolled_back', 'vault_unavailable'), {}, new Date(now + 3 * DAY_MS)),
    );
    expect(fired).toMatchObject({ event: 'keyroll.escalation', cause: 'expiring_key', serviceAccount: 'sa' });
    expect(fired?.lastFailure).toContain('rolled_back vault_unavailable');
  });

  it('a failure while the rotation is overdue by more than a day counts as failing in a row', async () => {
    const rotatedAt = new Date(now - (policy.rotateAfterDays + 2) * DAY_MS).toISOString();
    expect(await check.assess(input(result('rolled_back'), { rotatedAt }))).toMatchObject({
      cause: 'consecutive_failures',
    });
    // A success or a skip while overdue is not a failure.
    expect(await check.assess(input(result('skipped', 'in_progress'), { rotatedAt }))).toBeUndefined();
  });

  it('needs attention always escalates', async () => {
    expect(await check.assess(input(result('needs_attention')))).toMatchObject({ cause: 'needs_attention' });
  });
});
