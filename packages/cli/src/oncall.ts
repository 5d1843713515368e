// What the on-call commands run. Loaded only when one of them runs.
import { createLogger, jsonLinesSink } from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { undoRotation } from '@keyroll/runtime/oncall';
import { adminCredentialFrom, allowedOrigins, protect, rotateCommand } from './commands.ts';
import type { LockOptions } from './oncall-program.ts';
import type { CliIO, RotateOptions } from './program.ts';
import { resolveVaultSpec, resolveVaultSpecs } from './vault-spec.ts';

/** A leaked key: the rotate command with force and no grace — the engine deactivates the old key at once. */
export function emergencyRotate(opts: RotateOptions, io: CliIO): Promise<number> {
  return rotateCommand({ ...opts, force: true, graceHours: 0 }, io, 'emergency');
}

export async function undo(opts: LockOptions & { previousFrom?: string }, rawIo: CliIO): Promise<number> {
  const io = protect(rawIo);
  const logger = createLogger({
    sink: jsonLinesSink(io.stderr),
    level: opts.verbose ? 'info' : 'warn',
    redactor: io.redactor,
  });
  const origins = allowedOrigins(opts, io.env);
  const opened = await resolveVaultSpecs(opts.vault, {
    env: io.env,
    logger,
    ...(opts.lockDir ? { lockDir: opts.lockDir } : {}),
  });
  // --previous-from is the explicit override; without it the primary's adapter reads what it still keeps.
  const source = opts.previousFrom
    ? await resolveVaultSpec(opts.previousFrom, { env: io.env, logger })
    : undefined;
  const adminCredential = await adminCredentialFrom(opts, io.env);
  const result = await undoRotation({
    targets: opened.targets,
    ...(source ? { previousSource: source.adapter } : {}),
    issuer: io.issuer
      ? io.issuer(logger, origins)
      : new PrismaCloudIssuer({ allowedOrigins: origins, logger }),
    lock: opened.lock,
    logger,
    mode: opts.mode ?? 'self',
    allowedApiOrigins: origins,
    ...(adminCredential ? { adminCredential } : {}),
    ...(opts.serviceAccount ? { serviceAccount: opts.serviceAccount } : {}),
    ...(io.clock ? { now: () => io.clock!.now() } : {}),
  });
  if (opts.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    io.stdout.write(`${result.outcome.toUpperCase()}: ${result.message}\n`);
    if (result.previousFrom) io.stdout.write(`  old value read from ${result.previousFrom}\n`);
    for (const w of result.warnings ?? []) io.stdout.write(`  warning: ${w}\n`);
    for (const t of result.targets) io.stdout.write(`  target ${t.id}: ${t.status}\n`);
  }
  return result.outcome === 'restored' ? 0 : result.outcome === 'in_progress' ? 1 : 3;
}

async function lockOf(opts: LockOptions, rawIo: CliIO) {
  const io = protect(rawIo);
  const opened = await resolveVaultSpecs(opts.vault, {
    env: io.env,
    ...(opts.lockDir ? { lockDir: opts.lockDir } : {}),
  });
  return { io, lock: opened.lock, name: `keyroll:${opened.targets[0]!.id}` };
}

export async function lockShow(opts: LockOptions, rawIo: CliIO): Promise<number> {
  const { io, lock, name } = await lockOf(opts, rawIo);
  if (!lock.inspect) {
    io.stderr.write(
      'keyroll: this kind of lock cannot be inspected (an in-process lock ends with its process)\n',
    );
    return 2;
  }
  const view = await lock.inspect(name);
  if (opts.json) io.stdout.write(`${JSON.stringify({ lock: name, held: !!view, ...view }, null, 2)}\n`);
  else if (!view) io.stdout.write(`${name}: free\n`);
  else
    io.stdout.write(
      `${name}: held by ${view.owner}${view.host ? ` on ${view.host}` : ''}${view.pid ? ` (pid ${view.pid})` : ''}` +
        `${view.startedAt ? `, since ${new Date(view.startedAt).toISOString()}` : ''}` +
        `${view.expiresAt ? `, lease until ${new Date(view.expiresAt).toISOString()}` : ''}` +
        `${view.stale ? ' — STALE: its holder is gone, the next rotation takes it over' : ' — its holder may still be running'}\n`,
    );
  return 0;
}

export async function lockRelease(opts: LockOptions & { force?: boolean }, rawIo: CliIO): Promise<number> {
  const { io, lock, name } = await lockOf(opts, rawIo);
  if (!lock.inspect || !lock.forceRelease) {
    io.stderr.write('keyroll: this kind of lock cannot be released from here\n');
    return 2;
  }
  const view = await lock.inspect(name);
  if (!view) {
    io.stdout.write(`${name}: free; nothing to release\n`);
    return 0;
  }
  if (!view.stale && !opts.force) {
    io.stderr.write(
      `keyroll: ${name} is held by ${view.owner}, which may still be running; nothing released. ` +
        'Make sure no rotation runs, then repeat with --force.\n',
    );
    return 2;
  }
  const released = await lock.forceRelease(name);
  io.stdout.write(`${name}: ${released ? `released (was held by ${view.owner})` : 'already free'}\n`);
  return 0;
}
