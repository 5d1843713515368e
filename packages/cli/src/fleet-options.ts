// Option definitions for --all only (commander, nothing heavier): `keyroll --help` loads this file.
import { type Command, InvalidArgumentError } from 'commander';

/**
 * `keyroll rotate --all` and `keyroll status --all`: every account of keyroll.yaml (docs/configuration.md).
 */
export interface FleetCliOptions {
  all?: boolean;
  config?: string;
  account?: string[];
  warnDays?: number;
  json?: boolean;
  verbose?: boolean;
  allowApiOrigin?: string[];
  dryRun?: boolean;
  force?: boolean;
  lockDir?: string;
  vault?: string[];
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function addFleetOptions(cmd: Command, kind: 'rotate' | 'status'): Command {
  cmd
    .option('--all', 'every account in the configuration file (instead of --vault)')
    .option('--config <path>', 'the fleet configuration (default ./keyroll.yaml)')
    .option('--account <name>', 'with --all: only this account (repeatable)', collect);
  if (kind === 'status')
    cmd.option(
      '--warn-days <n>',
      'with --all: exit 3 when a key expires within n days or its last rotation failed',
      (v) => {
        if (!/^\d+$/.test(v)) throw new InvalidArgumentError('--warn-days must be a whole number of days');
        return Number(v);
      },
    );
  return cmd;
}
