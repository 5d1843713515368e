// The on-call commands (docs/runbook.md): emergency-rotate, undo, lock show|release. Option definitions
// only; what they run loads with the command (oncall.ts).
import type { Command } from 'commander';
import { addCommonOptions, addPolicyOptions, type CommonOptions } from './options.ts';
import type { CliIO, RotateOptions } from './program.ts';

const oncall = () => import('./oncall.ts');

export type LockOptions = CommonOptions & { lockDir?: string };

export function addOnCallCommands(program: Command, io: CliIO, done: (code: number) => void): void {
  addPolicyOptions(
    addCommonOptions(
      program
        .command('emergency-rotate')
        .description(
          'for a leaked key: rotate now, no grace, the old key deactivated at once (the same engine and rules as rotate)',
        ),
    ),
  )
    .option('--dry-run', 'report every step it would take and change nothing')
    .option('--lock-dir <dir>', 'where the rotation lock file lives (default: beside the secret file)')
    .option('--audit-file <path>', 'append the audit record (JSON lines)')
    .action(async (opts: RotateOptions) => done(await (await oncall()).emergencyRotate(opts, io)));

  addCommonOptions(
    program
      .command('undo')
      .description(
        're-activate the previous (break-glass) key and write it back to every target, while it has not expired',
      ),
  )
    .option(
      '--previous-from <spec>',
      'a vault URI holding the previous key’s value (e.g. an exported old version); default: what the primary still keeps (AWSPREVIOUS, the superseded version)',
    )
    .option('--lock-dir <dir>', 'where the rotation lock file lives (default: beside the secret file)')
    .action(async (opts: LockOptions & { previousFrom?: string }) =>
      done(await (await oncall()).undo(opts, io)),
    );

  const lock = program.command('lock').description('see or release the rotation lock of --vault');
  addCommonOptions(
    lock.command('show').description('who holds the lock, since when, and whether it is stale'),
  )
    .option('--lock-dir <dir>', 'where the rotation lock file lives (default: beside the secret file)')
    .action(async (opts: LockOptions) => done(await (await oncall()).lockShow(opts, io)));
  addCommonOptions(
    lock
      .command('release')
      .description('release a stuck lock (refused while its holder is alive, unless --force)'),
  )
    .option('--lock-dir <dir>', 'where the rotation lock file lives (default: beside the secret file)')
    .option('--force', 'release even a lock whose holder may still run')
    .action(async (opts: LockOptions & { force?: boolean }) =>
      done(await (await oncall()).lockRelease(opts, io)),
    );
}
