// What `rotate` and `status` run. program.ts imports this only when one of them runs, so `--help` and
// usage errors never load core's schemas, the Prisma Cloud client or a vault adapter.
import {
  allowedOriginsFromEnv,
  ConfigError,
  type Credential,
  createLogger,
  exitCodeFor,
  InputError,
  inspectCredential,
  isKeyrollError,
  jsonLinesSink,
  type KeyIssuer,
  type Logger,
  normalizeOrigin,
  Redactor,
  type RotationPolicyInput,
  type RotationResult,
  type RotationTrigger,
  resolvePolicy,
  rotateCredential,
} from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { loadAdminAccess } from '@keyroll/runtime/admin';
import { keepWasmOnBaseline } from '@keyroll/runtime/handler';
import {
  canBePrimary,
  defaultGraceHours,
  openVault,
  parseVaultUri,
  statusFromMetadata,
} from '@keyroll/runtime/vaults';
import type { FleetCliOptions } from './fleet-options.ts';
import { type CommonOptions, type PolicyOptions, policyFrom } from './options.ts';
import { formatResult, formatStatus, formatStep, safeOut } from './output.ts';
import type { CliIO, RotateOptions } from './program.ts';
import { openReporting } from './reporting.ts';
import { resolveVaultSpec, resolveVaultSpecs } from './vault-spec.ts';

// Before any Prisma Cloud request: see packages/runtime/src/wasm-baseline.ts (rotate and status, single and --all, load this file first).
keepWasmOnBaseline();

/** Unless --grace-hours is given, the old key stays active for the targets' longest consumer window. */
function withConsumerWindow(
  policy: RotationPolicyInput,
  targets: Parameters<typeof defaultGraceHours>[0],
): RotationPolicyInput {
  if (policy.graceHours !== undefined) return policy;
  const grace = defaultGraceHours(targets);
  return grace === undefined ? policy : { ...policy, graceHours: grace };
}

/** --vault and --all are alternatives: exactly one. */
export function checkTargetChoice(opts: FleetCliOptions): void {
  const vaults = opts.vault?.length ?? 0;
  if (opts.all && vaults > 0)
    throw new ConfigError(
      'usage',
      '--all takes the accounts from the configuration; do not combine it with --vault',
    );
  if (!opts.all && vaults === 0)
    throw new ConfigError('usage', 'name the key with --vault <uri>, or use --all');
  if (!opts.all && (opts.config || opts.account?.length || opts.warnDays !== undefined))
    throw new ConfigError('usage', '--config, --account and --warn-days go with --all');
}

export function allowedOrigins(opts: CommonOptions, env: NodeJS.ProcessEnv): string[] {
  return [...allowedOriginsFromEnv(env), ...(opts.allowApiOrigin ?? []).map(normalizeOrigin)];
}

/** Admin mode reads the admin key from its own vault, in the same JSON format (the runtime's one loader). */
export async function adminCredentialFrom(
  opts: CommonOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Credential | undefined> {
  const admin = opts.mode === 'admin';
  const vault =
    admin && opts.adminVault ? (await resolveVaultSpec(opts.adminVault, { env })).adapter : undefined;
  const access = await loadAdminAccess({
    mode: admin ? 'admin' : 'self',
    adminKey: vault && { vault, setting: '--admin-vault' },
    adminKeySetting: '--admin-vault <spec>',
  });
  return access.adminCredential;
}

/** What a command writes through: one redactor for the whole run (the logger's, the engine's, every write). */
export type SafeIO = CliIO & { redactor: Redactor };

/** Wraps the streams once: every string passes the run's redactor, and a failing stream never throws. */
export function protect(io: CliIO): SafeIO {
  if ('redactor' in io && io.redactor instanceof Redactor) return io as SafeIO;
  const redactor = new Redactor();
  return { ...io, stdout: safeOut(io.stdout, redactor), stderr: safeOut(io.stderr, redactor), redactor };
}

function loggerFor(opts: CommonOptions, io: SafeIO): Logger {
  return createLogger({
    sink: jsonLinesSink(io.stderr),
    level: opts.verbose ? 'info' : 'warn',
    redactor: io.redactor,
  });
}

function issuerFor(io: CliIO, logger: Logger, origins: string[]): KeyIssuer {
  return io.issuer ? io.issuer(logger, origins) : new PrismaCloudIssuer({ allowedOrigins: origins, logger });
}

export async function rotateCommand(opts: RotateOptions, rawIo: CliIO, detail = 'cli'): Promise<number> {
  const io = protect(rawIo);
  const logger = loggerFor(opts, io);
  const origins = allowedOrigins(opts, io.env);
  const opened = await resolveVaultSpecs(opts.vault, {
    env: io.env,
    logger,
    ...(opts.lockDir ? { lockDir: opts.lockDir } : {}),
  });
  const adminCredential = await adminCredentialFrom(opts, io.env);
  io.redactor.add(adminCredential?.secretKey);
  const reporting = await openReporting(opts, io.env, logger);
  const human = !opts.json;
  if (human)
    io.stdout.write(
      `keyroll rotate ${opened.targets.map((t) => t.id).join(', ')}${opts.dryRun ? ' (dry run)' : ''}\n`,
    );
  const trigger: RotationTrigger = { kind: 'manual', detail };
  const result: RotationResult = await rotateCredential(
    {
      targets: opened.targets,
      trigger,
      force: opts.force === true,
      dryRun: opts.dryRun === true,
    },
    {
      issuer: issuerFor(io, logger, origins),
      policy: withConsumerWindow(policyFrom(opts), opened.targets),
      lock: opened.lock,
      logger,
      allowedApiOrigins: origins,
      ...(io.clock ? { clock: io.clock } : {}),
      ...(adminCredential ? { adminCredential } : {}),
      ...(opts.serviceAccount ? { serviceAccount: opts.serviceAccount } : {}),
      ...(human ? { onStep: (step) => void io.stdout.write(formatStep(step)) } : {}),
    },
  );
  io.stdout.write(human ? formatResult(result) : `${JSON.stringify(result, null, 2)}\n`);
  await reporting.report(result, trigger);
  await reporting.close();
  return exitCodeFor(result);
}

export async function statusCommand(opts: CommonOptions & PolicyOptions, rawIo: CliIO): Promise<number> {
  const io = protect(rawIo);
  const logger = loggerFor(opts, io);
  const origins = allowedOrigins(opts, io.env);
  const ref = parseVaultUri(opts.vault[0]!, { where: '--vault' });
  if (!canBePrimary(ref)) {
    // A GitHub-only account: no value to read, so its metadata variable answers (key id, rotated, expiry).
    const github = await openVault(ref, { role: 'mirror', env: io.env, logger, where: '--vault' });
    const status = await statusFromMetadata(github.adapter, resolvePolicy(policyFrom(opts)), io.clock);
    io.stdout.write(opts.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
    return 0;
  }
  const primary = await resolveVaultSpec(opts.vault[0]!, { env: io.env, logger });
  const adminCredential = await adminCredentialFrom(opts, io.env);
  io.redactor.add(adminCredential?.secretKey);
  const status = await inspectCredential(primary.adapter, {
    issuer: issuerFor(io, logger, origins),
    // The grace the rotation used: --grace-hours, else the vault's consumer window (as rotate does).
    policy: withConsumerWindow(policyFrom(opts), [primary.adapter]),
    logger,
    allowedApiOrigins: origins,
    ...(io.clock ? { clock: io.clock } : {}),
    ...(adminCredential ? { adminCredential } : {}),
    ...(opts.serviceAccount ? { serviceAccount: opts.serviceAccount } : {}),
  });
  io.stdout.write(opts.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
  return 0;
}

export function reportThrown(err: unknown, rawIo: CliIO): number {
  const io = protect(rawIo);
  const message = isKeyrollError(err) ? err.message : err instanceof Error ? err.message : String(err);
  io.stderr.write(`keyroll: ${String(io.redactor.redact(message))}\n`);
  if (err instanceof ConfigError || err instanceof InputError) return 2;
  // The engine reports its own failures in the result; anything thrown past it is unexpected, and a
  // person should look (status is read-only, so its failures changed nothing).
  return 3;
}
