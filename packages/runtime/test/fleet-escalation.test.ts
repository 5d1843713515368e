import type { Escalation } from '@keyroll/core';
import { describe, expect, it } from 'vitest';
import { type FleetItem, fleetEscalation } from '../src/fleet/index.ts';

const base: FleetItem = {
  account: 'ci',
  primary: 'azure-keyvault://kv.vault.azure.net/prisma',
  mirrors: [],
  outcome: 'rolled_back',
  exitCode: 1,
  message: 'rolled back',
};

describe('fleetEscalation: one rule for every sweep over keyroll.yaml', () => {
  it("takes the engine's decision when there is a result (and none when the engine raised none)", () => {
    const escalation: Escalation = {
      event: 'keyroll.escalation',
      cause: 'expiring_key',
      target: base.primary,
      consecutiveFailures: 0,
    };
    const result = { outcome: 'skipped', escalation } as unknown as FleetItem['result'];
    expect(fleetEscalation({ ...base, result })).toBe(escalation);
    const quiet = { outcome: 'rolled_back' } as unknown as FleetItem['result'];
    expect(fleetEscalation({ ...base, exitCode: 3, result: quiet })).toBeUndefined();
  });

  it('an account stopped before any result escalates as needs_attention when the outcome table says a person must act', () => {
    const stopped = {
      ...base,
      outcome: 'needs_attention',
      exitCode: 3 as const,
      error: { code: 'vault_unreachable', category: 'unavailable', message: 'down' },
    };
    expect(fleetEscalation(stopped)).toEqual({
      event: 'keyroll.escalation',
      cause: 'needs_attention',
      target: base.primary,
      consecutiveFailures: 0,
      lastFailure: 'vault_unreachable',
    });
    expect(fleetEscalation({ ...stopped, exitCode: 2 as const })).toBeUndefined();
  });
});
