import {
  type Clock,
  ConfigError,
  createLogger,
  exitCodeFor,
  InputError,
  inspectCredential,
  isKeyrollError,
  jsonLinesSink,
  type KeyIssuer,
  type Logger,
  Redactor,
  type RotationResult,
  rotateCredential,
} from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { Command, CommanderError } from 'commander';
import { runDemo } from './demo.ts';
import {
  addCommonOptions,
  addPolicyOptions,
  adminCredentialFrom,
  allowedOrigins,
  type CommonOptions,
  type PolicyOptions,
  policyFrom,
} from './options.ts';
import { formatResult, formatStatus, formatStep, type Out, safeOut } from './output.ts';
import { resolveVaultSpec } from './vault-spec.ts';

export interface CliIO {
  stdout: Out;
  stderr: Out;
  env: NodeJS.ProcessEnv;
  /** Seams for embedding and tests; production uses the defaults. */
  issuer?: (logger: Logger, origins: string[]) => KeyIssuer;
  clock?: Clock;
}

type RotateOptions = CommonOptions & PolicyOptions & { dryRun?: boolean; force?: boolean; lockDir?: string };

/** Runs the CLI and returns its exit code (0 ok/skipped, 1 rolled back, 2 usage/config, 3 needs attention). */
export async function runCli(argv: string[], rawIo: CliIO): Promise<number> {
  // One redactor for the whole run: the logger's, the engine's (it shares the logger's) and every write.
  const redactor = new Redactor();
  const io: CliIO & { redactor: Redactor } = {
    ...rawIo,
    stdout: safeOut(rawIo.stdout, redactor),
    stderr: safeOut(rawIo.stderr, redactor),
    redactor,
  };
  let code = 0;
  const program = new Command('keyroll')
    .description('Rotates Prisma Cloud service-account access keys and keeps them in your vaults.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  addPolicyOptions(
    addCommonOptions(
      program
        .command('rotate')
        .description(
          'rotate the key stored in --vault (create → verify → store → retire, rolling back on failure)',
        ),
    ),
  )
    .option('--dry-run', 'report every step it would take and change nothing')
    .option('--force', 'rotate even if the key is younger than the minimum age')
    .option('--lock-dir <dir>', 'where the rotation lock file lives (default: beside the secret file)')
    .action(async (opts: RotateOptions) => {
      code = await rotateCommand(opts, io);
    });

  addCommonOptions(
    program
      .command('status')
      .description('show the key in --vault, its age and expiry, and the account’s keys'),
  ).action(async (opts: CommonOptions) => {
    code = await statusCommand(opts, io);
  });

  program
    .command('demo')
    .description('start the Prisma Cloud simulator, seed a file vault, rotate twice, and show what happened')
    .option('--json', 'print the results as JSON')
    .action(async (opts: { json?: boolean }) => {
      code = await runDemo({ json: opts.json === true, stdout: io.stdout });
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; any parse problem is a usage error.
      return err.exitCode === 0 ? 0 : 2;
    }
    return reportThrown(err, io);
  }
  return code;
}

function loggerFor(opts: CommonOptions, io: CliIO & { redactor: Redactor }): Logger {
  return createLogger({
    sink: jsonLinesSink(io.stderr),
    level: opts.verbose ? 'info' : 'warn',
    redactor: io.redactor,
  });
}

function issuerFor(io: CliIO, logger: Logger, origins: string[]): KeyIssuer {
  return io.issuer ? io.issuer(logger, origins) : new PrismaCloudIssuer({ allowedOrigins: origins, logger });
}

async function rotateCommand(opts: RotateOptions, io: CliIO & { redactor: Redactor }): Promise<number> {
  const logger = loggerFor(opts, io);
  const origins = allowedOrigins(opts, io.env);
  const vaults = opts.vault.map(resolveVaultSpec);
  const adminCredential = await adminCredentialFrom(opts);
  io.redactor.add(adminCredential?.secretKey);
  const human = !opts.json;
  if (human)
    io.stdout.write(
      `keyroll rotate ${vaults.map((v) => v.adapter.id).join(', ')}${opts.dryRun ? ' (dry run)' : ''}\n`,
    );
  const result: RotationResult = await rotateCredential(
    {
      targets: vaults.map((v) => v.adapter),
      trigger: { kind: 'manual', detail: 'cli' },
      force: opts.force === true,
      dryRun: opts.dryRun === true,
    },
    {
      issuer: issuerFor(io, logger, origins),
      policy: policyFrom(opts),
      lock: vaults[0]!.lock(opts.lockDir),
      logger,
      allowedApiOrigins: origins,
      ...(io.clock ? { clock: io.clock } : {}),
      ...(adminCredential ? { adminCredential } : {}),
      ...(opts.serviceAccount ? { serviceAccount: opts.serviceAccount } : {}),
      ...(human ? { onStep: (step) => void io.stdout.write(formatStep(step)) } : {}),
    },
  );
  io.stdout.write(human ? formatResult(result) : `${JSON.stringify(result, null, 2)}\n`);
  return exitCodeFor(result);
}

async function statusCommand(opts: CommonOptions, io: CliIO & { redactor: Redactor }): Promise<number> {
  const logger = loggerFor(opts, io);
  const origins = allowedOrigins(opts, io.env);
  const primary = resolveVaultSpec(opts.vault[0]!);
  const adminCredential = await adminCredentialFrom(opts);
  io.redactor.add(adminCredential?.secretKey);
  const status = await inspectCredential(primary.adapter, {
    issuer: issuerFor(io, logger, origins),
    policy: policyFrom(opts),
    logger,
    allowedApiOrigins: origins,
    ...(io.clock ? { clock: io.clock } : {}),
    ...(adminCredential ? { adminCredential } : {}),
    ...(opts.serviceAccount ? { serviceAccount: opts.serviceAccount } : {}),
  });
  io.stdout.write(opts.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
  return 0;
}

function reportThrown(err: unknown, io: CliIO & { redactor: Redactor }): number {
  const message = isKeyrollError(err) ? err.message : err instanceof Error ? err.message : String(err);
  io.stderr.write(`keyroll: ${io.redactor.redact(message)}\n`);
  if (err instanceof ConfigError || err instanceof InputError) return 2;
  // The engine reports its own failures in the result; anything thrown past it is unexpected, and a
  // person should look (status is read-only, so its failures changed nothing).
  return 3;
}
