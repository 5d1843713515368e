import { ConfigError, type RotationPolicy, type RotationPolicyInput, resolvePolicy } from '@keyroll/core';

/**
 * The one list of policy knobs, with the same names in every deployment (app settings, environment
 * variables, Action inputs map onto these) and in the CLI's flags.
 */
export const POLICY_SETTINGS = {
  mode: 'KEYROLL_MODE',
  validityDays: 'KEYROLL_VALIDITY_DAYS',
  rotateAfterDays: 'KEYROLL_ROTATE_AFTER_DAYS',
  renewBeforeExpiryDays: 'KEYROLL_RENEW_BEFORE_EXPIRY_DAYS',
  minAgeHours: 'KEYROLL_MIN_AGE_HOURS',
  graceHours: 'KEYROLL_GRACE_HOURS',
  vaultExpiryMarginDays: 'KEYROLL_VAULT_EXPIRY_MARGIN_DAYS',
  keyLimit: 'KEYROLL_KEY_LIMIT',
  allowDeleteThenCreate: 'KEYROLL_ALLOW_DELETE_THEN_CREATE',
  lockLeaseMinutes: 'KEYROLL_LOCK_LEASE_MINUTES',
  retireWhenUnusedMinutes: 'KEYROLL_RETIRE_WHEN_UNUSED_MINUTES',
} as const satisfies Partial<Record<keyof RotationPolicy, string>>;

export type PolicySetting = keyof typeof POLICY_SETTINGS;

const NUMERIC: readonly PolicySetting[] = [
  'validityDays',
  'rotateAfterDays',
  'renewBeforeExpiryDays',
  'minAgeHours',
  'graceHours',
  'vaultExpiryMarginDays',
  'keyLimit',
  'lockLeaseMinutes',
  'retireWhenUnusedMinutes',
];
/** Knobs that are off when unset: an empty value (a Terraform default) means unset too. */
const OPTIONAL: readonly PolicySetting[] = ['retireWhenUnusedMinutes'];

/** A plain decimal number, nothing else: '' and '1e3' and ' 5x' are refused rather than guessed at. */
const DECIMAL = /^\d+(\.\d+)?$/;

/**
 * Reads the policy knobs through `get` (an environment, app settings, Action inputs) and validates them
 * before anything happens. `where` names the source in errors ("app setting", "environment variable").
 * Unset knobs keep the policy defaults; `defaults` (e.g. an adapter's consumer window as grace) apply first.
 */
export function policyFromSettings(
  get: (name: string) => string | undefined,
  where = 'setting',
  defaults: RotationPolicyInput = {},
): RotationPolicy {
  const input: Record<string, unknown> = { ...defaults };
  const mode = get(POLICY_SETTINGS.mode)?.trim().toLowerCase();
  if (mode) {
    if (mode !== 'self' && mode !== 'admin') {
      throw new ConfigError('invalid_setting', `${where} ${POLICY_SETTINGS.mode} must be "self" or "admin"`);
    }
    input.mode = mode;
  }
  for (const field of NUMERIC) {
    const name = POLICY_SETTINGS[field];
    const raw = get(name);
    if (raw === undefined || (OPTIONAL.includes(field) && raw.trim() === '')) continue;
    if (!DECIMAL.test(raw.trim())) {
      throw new ConfigError('invalid_setting', `${where} ${name} must be a number ≥ 0 (digits only)`);
    }
    input[field] = Number(raw.trim());
  }
  const allow = get(POLICY_SETTINGS.allowDeleteThenCreate)?.trim().toLowerCase();
  if (allow !== undefined && allow !== '') {
    if (allow !== 'true' && allow !== 'false') {
      throw new ConfigError(
        'invalid_setting',
        `${where} ${POLICY_SETTINGS.allowDeleteThenCreate} must be true or false`,
      );
    }
    input.allowDeleteThenCreate = allow === 'true';
  }
  try {
    return resolvePolicy(input as RotationPolicyInput);
  } catch (err) {
    throw new ConfigError(
      'invalid_setting',
      `the KEYROLL_* policy ${where}s are invalid: ${(err as Error).message}`,
    );
  }
}

/**
 * The default grace period for a rotation (R1 step 9): the longest consumer window any of its targets
 * declares (Key Vault references refresh within 24 h), so the old key stays active until every consumer
 * can have switched. An explicit grace setting wins; undefined means the policy's own default.
 */
export function defaultGraceHours(
  targets: ReadonlyArray<{ capabilities: { consumerWindowHours?: number } }>,
): number | undefined {
  const windows = targets.map((t) => t.capabilities.consumerWindowHours ?? 0);
  const longest = Math.max(0, ...windows);
  return longest > 0 ? longest : undefined;
}
