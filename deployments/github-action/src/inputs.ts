import {
  ConfigError,
  InputError,
  normalizeOrigin,
  parseSecretValue,
  type RotationPolicyInput,
} from '@keyroll/core';
import { type OutputFormat, parseTargets, type TargetSpec } from '@keyroll/vault-github';

/**
 * The Action's inputs, read and validated before anything else happens. `get` is @actions/core's getInput
 * (INPUT_<NAME> upper-cased, hyphens kept); taking it as a parameter keeps this file free of runner I/O.
 */
export interface ActionInputs {
  /** Canonical JSON of the current credential (keyroll or vendor form), as the engine reads it. */
  currentValue: string;
  githubToken: string;
  /** `${{ github.token }}`: compared with githubToken only, to refuse the workflow token early. */
  workflowToken: string;
  githubApiUrl: string;
  targets: TargetSpec[];
  format: OutputFormat;
  mode: 'self' | 'admin';
  /** The admin key JSON (masked); run.ts loads it with the runtime's one admin-key loader. */
  adminSecret: string | undefined;
  serviceAccount: string | undefined;
  dryRun: boolean;
  force: boolean;
  allowedApiOrigins: string[];
  policy: RotationPolicyInput;
  concurrency: number;
  minWriteIntervalMs: number;
  /** KEYROLL_NOTIFY_WEBHOOKS / KEYROLL_EVENT_WEBHOOKS / KEYROLL_NOTIFY_ON_SUCCESS as inputs (secrets). */
  notify: { webhooks: string; events: string; onSuccess: string };
  /** Open/update one issue per secret on failure, close it on the next success. */
  issue: { enabled: boolean; token: string; repository: string } | undefined;
}

export type GetInput = (name: string) => string;

/**
 * `mask` is called with every secret as soon as it is known (the raw inputs, and the secret keys parsed out
 * of them), before any later input can fail and print something.
 */
export function readInputs(get: GetInput, mask: (secret: string) => void = () => {}): ActionInputs {
  const raw = (name: string) => get(name).trim();
  const required = (name: string) => {
    const v = raw(name);
    if (!v) throw new ConfigError('missing_input', `the input ${name} is required`);
    return v;
  };
  const currentRaw = required('current-secret');
  mask(currentRaw);
  const currentValue = canonicalCurrent(currentRaw, raw('api-url'));
  const parsed = parseSecretValue(currentValue, 'input current-secret');
  mask(parsed.credential.secretKey);

  const githubToken = required('github-token');
  const workflowToken = raw('workflow-token');
  mask(githubToken);
  if (workflowToken) mask(workflowToken);

  const format = choice(raw('format') || 'json', 'format', ['json', 'pair', 'checkov'] as const);
  const mode = choice(raw('mode') || 'self', 'mode', ['self', 'admin'] as const);
  const adminRaw = raw('admin-secret');
  if (adminRaw) mask(adminRaw);
  if (mode === 'admin' && !adminRaw)
    throw new ConfigError('missing_input', 'mode admin needs the input admin-secret (the admin key JSON)');

  const origins = raw('allowed-api-origins')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(normalizeOrigin);

  return {
    currentValue,
    githubToken,
    workflowToken,
    githubApiUrl: raw('github-api-url') || 'https://api.github.com',
    targets: parseTargets(required('targets'), format),
    format,
    mode,
    adminSecret: adminRaw || undefined,
    serviceAccount: raw('service-account') || undefined,
    dryRun: bool(raw('dry-run'), 'dry-run'),
    force: bool(raw('force'), 'force'),
    allowedApiOrigins: origins,
    policy: {
      mode,
      validityDays: int(raw('validity-days'), 'validity-days', 90),
      rotateAfterDays: num(raw('rotate-after-days'), 'rotate-after-days', 60),
      minAgeHours: num(raw('min-age-hours'), 'min-age-hours', 24),
      ...retirementInputs(raw),
    },
    concurrency: int(raw('concurrency'), 'concurrency', 10),
    minWriteIntervalMs: int(raw('min-write-interval-ms'), 'min-write-interval-ms', 1000),
    notify: {
      webhooks: raw('notify-webhooks'),
      events: raw('event-webhooks'),
      onSuccess: raw('notify-on-success'),
    },
    issue: issueInputs(raw, mask, workflowToken),
  };
}

/**
 * grace-hours and retire-when-unused-minutes: KEYROLL_GRACE_HOURS / KEYROLL_RETIRE_WHEN_UNUSED_MINUTES and
 * the CLI's --grace-hours / --retire-when-unused-minutes, one name family. Usage-aware retirement acts
 * within the grace only, so asking for it without a grace is refused rather than silently ignored.
 */
function retirementInputs(
  raw: (name: string) => string,
): Pick<RotationPolicyInput, 'graceHours' | 'retireWhenUnusedMinutes'> {
  const graceHours = num(raw('grace-hours'), 'grace-hours', 0);
  const unused = raw('retire-when-unused-minutes');
  if (unused === '') return { graceHours };
  const retireWhenUnusedMinutes = num(unused, 'retire-when-unused-minutes', 0);
  if (graceHours === 0)
    throw new ConfigError(
      'invalid_input',
      'the input retire-when-unused-minutes acts within the grace period: set grace-hours (how long the old key may stay active at most) too',
    );
  return { graceHours, retireWhenUnusedMinutes };
}

function issueInputs(
  raw: (name: string) => string,
  mask: (secret: string) => void,
  workflowToken: string,
): ActionInputs['issue'] {
  if (!bool(raw('issue-on-failure'), 'issue-on-failure')) return undefined;
  const token = raw('issue-token') || workflowToken;
  if (!token) throw new ConfigError('missing_input', 'issue-on-failure needs issue-token or workflow-token');
  mask(token);
  const repository = raw('issue-repository') || process.env.GITHUB_REPOSITORY || '';
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository))
    throw new ConfigError('invalid_input', 'the input issue-repository must be <owner>/<repo>');
  return { enabled: true, token, repository };
}

/**
 * The current value arrives as the secret's JSON, or as `<accessKeyId>::<secretKey>` (the Checkov form, or
 * two pair secrets joined in the workflow) together with `api-url`. Either way the engine gets JSON.
 */
function canonicalCurrent(raw: string, apiUrl: string): string {
  if (raw.startsWith('{')) return raw;
  const at = raw.indexOf('::');
  if (at > 0 && at < raw.length - 2) {
    if (!apiUrl) {
      throw new ConfigError(
        'missing_input',
        'current-secret is in <accessKeyId>::<secretKey> form, so the input api-url (the Prisma Cloud API URL) is required',
      );
    }
    return JSON.stringify({ apiUrl, accessKeyId: raw.slice(0, at), secretKey: raw.slice(at + 2) });
  }
  throw new InputError(
    'malformed_secret',
    'current-secret must be the secret JSON ({"apiUrl","accessKeyId","secretKey"} or the PRISMA_CLOUD_* form) ' +
      'or <accessKeyId>::<secretKey> with api-url',
  );
}

function choice<T extends string>(value: string, name: string, options: readonly T[]): T {
  if ((options as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(
    'invalid_input',
    `the input ${name} must be one of ${options.join(', ')} (got ${value})`,
  );
}

function bool(value: string, name: string): boolean {
  // The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts them.
  if (value === '' || ['false', 'False', 'FALSE'].includes(value)) return false;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  throw new ConfigError('invalid_input', `the input ${name} must be true or false (got ${value})`);
}

function num(value: string, name: string, fallback: number): number {
  if (value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new ConfigError('invalid_input', `the input ${name} must be a number ≥ 0`);
  return n;
}

function int(value: string, name: string, fallback: number): number {
  const n = num(value, name, fallback);
  if (!Number.isInteger(n))
    throw new ConfigError('invalid_input', `the input ${name} must be a whole number`);
  return n;
}
