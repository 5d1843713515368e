import type { Clock, KeyIssuer, Logger } from '@keyroll/core';
import { Command, CommanderError } from 'commander';
import { addFleetOptions, type FleetCliOptions } from './fleet-options.ts';
import { addOnCallCommands } from './oncall-program.ts';
import { addCommonOptions, addPolicyOptions, type CommonOptions, type PolicyOptions } from './options.ts';
import type { Out } from './output.ts';

// Each command loads what it needs when it runs (commands.ts, demo.ts): `keyroll --help` stays as cheap
// as commander itself.
const commands = () => import('./commands.ts');
const fleet = () => import('./fleet.ts');

export interface CliIO {
  stdout: Out;
  stderr: Out;
  env: NodeJS.ProcessEnv;
  /** Seams for embedding and tests; production uses the defaults. */
  issuer?: (logger: Logger, origins: string[]) => KeyIssuer;
  clock?: Clock;
}

export type RotateOptions = CommonOptions &
  PolicyOptions & { dryRun?: boolean; force?: boolean; lockDir?: string; auditFile?: string };

/** Runs the CLI and returns its exit code (0 ok/skipped, 1 rolled back, 2 usage/config, 3 needs attention). */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let code = 0;
  const program = new Command('keyroll')
    .description('Rotates Prisma Cloud service-account access keys and keeps them in your vaults.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  addPolicyOptions(
    addFleetOptions(
      addCommonOptions(
        program
          .command('rotate')
          .description(
            'rotate the key stored in --vault, or every account of keyroll.yaml with --all (create → verify → store → retire, rolling back on failure)',
          ),
      ),
      'rotate',
    ),
  )
    .option('--dry-run', 'report every step it would take and change nothing')
    .option('--force', 'rotate even if the key is younger than the minimum age')
    .option('--lock-dir <dir>', 'where the rotation lock file lives (default: beside the secret file)')
    .option('--audit-file <path>', 'append one audit record per rotation attempt (JSON lines)')
    .action(async (opts: RotateOptions & FleetCliOptions) => {
      const single = await commands();
      single.checkTargetChoice(opts);
      code = opts.all
        ? await (await fleet()).fleetCommand('rotate', opts, io, single.allowedOrigins(opts, io.env))
        : await single.rotateCommand(opts, io);
    });

  addPolicyOptions(
    addFleetOptions(
      addCommonOptions(
        program
          .command('status')
          .description(
            'show the key in --vault, its age and expiry, whether the previous key is still used, and the account’s keys; --all: a table of every account',
          ),
      ),
      'status',
    ),
  ).action(async (opts: CommonOptions & PolicyOptions & FleetCliOptions) => {
    const single = await commands();
    single.checkTargetChoice(opts);
    code = opts.all
      ? await (await fleet()).fleetCommand('status', opts, io, single.allowedOrigins(opts, io.env))
      : await single.statusCommand(opts, io);
  });

  addOnCallCommands(program, io, (c) => {
    code = c;
  });

  program
    .command('demo')
    .description('start the Prisma Cloud simulator, seed a file vault, rotate twice, and show what happened')
    .option('--json', 'print the results as JSON')
    .action(async (opts: { json?: boolean }) => {
      // The simulator is demo-only: loaded here, never on the way to --help, rotate or status.
      const { runDemo } = await import('./demo.ts');
      code = await runDemo({ json: opts.json === true, stdout: io.stdout });
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; any parse problem is a usage error.
      return err.exitCode === 0 ? 0 : 2;
    }
    return (await commands()).reportThrown(err, io);
  }
  return code;
}
