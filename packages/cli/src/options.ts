// Option definitions only: `keyroll --help` loads this file and commander, nothing heavier (core, the
// Prisma Cloud client and the vault adapters load with the command that runs; see commands.ts).
import type { RotationPolicyInput } from '@keyroll/core';
import { type Command, InvalidArgumentError, Option } from 'commander';

export interface CommonOptions {
  /** Absent only with --all (checked by checkTargetChoice). */
  vault: string[];
  allowApiOrigin?: string[];
  mode?: 'self' | 'admin';
  adminVault?: string;
  serviceAccount?: string;
  json?: boolean;
  verbose?: boolean;
}

export interface PolicyOptions {
  validityDays?: number;
  minAgeHours?: number;
  graceHours?: number;
  rotateAfterDays?: number;
  keyLimit?: 1 | 2;
  allowDeleteThenCreate?: boolean;
  retireWhenUnusedMinutes?: number;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Number() takes '' and ' ' for 0 and '0x10' for 16: only plain decimal digits are accepted. */
export function number(name: string, opts: { integer?: boolean } = {}) {
  const shape = opts.integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
  return (value: string) => {
    if (!shape.test(value)) {
      throw new InvalidArgumentError(
        `${name} must be a non-negative ${opts.integer ? 'whole number' : 'number'} such as 30`,
      );
    }
    return Number(value);
  };
}

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option(
      '--vault <spec>',
      'where the key lives, a vault URI: file:./prisma.json, azure-keyvault://<vault>.vault.azure.net/<secret>, gcp-secret-manager://projects/<p>/secrets/<s>, aws-secrets-manager://<region>/<name>, github://<owner>/<repo>/<SECRET> (mirror only); repeat to fan out, the first is the primary',
      collect,
    )
    .option(
      '--allow-api-origin <origin>',
      'allow an API origin besides *.prismacloud.io/*.prismacloud.cn (repeatable; also KEYROLL_ALLOWED_API_ORIGINS)',
      collect,
    )
    .addOption(
      new Option('--mode <mode>', 'self: the key rotates itself; admin: a separate admin key does').choices([
        'self',
        'admin',
      ]),
    )
    .option('--admin-vault <spec>', 'admin mode: where the admin key lives')
    .option('--service-account <name>', 'admin mode: the service account whose key is rotated')
    .option('--json', 'print the result object only, as JSON')
    .option('--verbose', 'also log every step as JSON lines on stderr');
}

export function addPolicyOptions(cmd: Command): Command {
  return cmd
    .option(
      '--validity-days <n>',
      'lifetime of the new key in days (0 = no expiry; default 90)',
      number('--validity-days', { integer: true }),
    )
    .option(
      '--min-age-hours <n>',
      'skip keys younger than this unless --force (default 24)',
      number('--min-age-hours'),
    )
    .option(
      '--grace-hours <n>',
      'keep the old key active this long; a later run retires it (default 0)',
      number('--grace-hours'),
    )
    .option(
      '--retire-when-unused-minutes <n>',
      'within the grace, a later run retires the old key once Prisma Cloud records no use of it for this long after the store',
      number('--retire-when-unused-minutes'),
    )
    .option(
      '--rotate-after-days <n>',
      'age at which a key is due (default 60)',
      number('--rotate-after-days'),
    )
    .addOption(
      new Option('--key-limit <n>', 'keys the service account role allows')
        .choices(['1', '2'])
        .argParser((v) => Number(v) as 1 | 2),
    )
    .option(
      '--allow-delete-then-create',
      'with --key-limit 1: accept downtime by deleting the old key first',
    );
}

export function policyFrom(opts: CommonOptions & PolicyOptions): RotationPolicyInput {
  const policy: RotationPolicyInput = {};
  if (opts.mode) policy.mode = opts.mode;
  if (opts.validityDays !== undefined) policy.validityDays = opts.validityDays;
  if (opts.minAgeHours !== undefined) policy.minAgeHours = opts.minAgeHours;
  if (opts.graceHours !== undefined) policy.graceHours = opts.graceHours;
  if (opts.rotateAfterDays !== undefined) policy.rotateAfterDays = opts.rotateAfterDays;
  if (opts.keyLimit !== undefined) policy.keyLimit = opts.keyLimit;
  if (opts.allowDeleteThenCreate) policy.allowDeleteThenCreate = true;
  if (opts.retireWhenUnusedMinutes !== undefined)
    policy.retireWhenUnusedMinutes = opts.retireWhenUnusedMinutes;
  return policy;
}
