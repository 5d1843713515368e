import { setFlagsFromString } from 'node:v8';
import { createLogger, jsonLinesSink, type KeyIssuer, type Logger, type Redactor } from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import type { FleetEvent, FleetReport } from '@keyroll/runtime/fleet';
import type { FleetCliOptions } from './fleet-options.ts';
import { progressReporter, rotateSummary, statusTable } from './fleet-output.ts';
import type { CliIO } from './program.ts';

/**
 * `keyroll rotate --all` and `keyroll status --all`: every account of keyroll.yaml (docs/configuration.md).
 * Kept apart from the single-vault commands; program.ts only routes here when --all is given.
 */
function loggerFor(opts: FleetCliOptions, io: CliIO): Logger {
  return createLogger({ sink: jsonLinesSink(io.stderr), level: opts.verbose ? 'info' : 'warn' });
}

function issuerFor(
  io: CliIO,
  logger: Logger,
  origins: string[],
  rateLimit?: { ratePerSecond: number; burst: number },
): KeyIssuer {
  return io.issuer
    ? io.issuer(logger, origins)
    : new PrismaCloudIssuer({
        allowedOrigins: origins,
        logger,
        ...(rateLimit ? { rateLimit } : {}),
        // Hundreds of sessions: one connection pool for all of them, not one each (peak memory).
        shareConnections: true,
      });
}

async function run(
  kind: 'rotate' | 'status',
  opts: FleetCliOptions & { auditFile?: string },
  io: CliIO,
  origins: string[],
  logger: Logger,
): Promise<FleetReport> {
  // Loaded on use: the YAML parser, the schema and the runner are not needed by single-vault commands.
  const { githubPlan, loadFleetConfig, rotateFleet, statusFleet } = await import('@keyroll/runtime/fleet');
  const config = await loadFleetConfig(opts.config ?? 'keyroll.yaml');
  const issuer = issuerFor(io, logger, [...config.allowApiOrigins, ...origins], config.rateLimit);
  const count = opts.account?.length ?? config.accounts.length;
  const human = !opts.json;
  if (human && kind === 'rotate') {
    const plan = githubPlan(config.accounts, config.github);
    io.stdout.write(
      `keyroll rotate --all: ${count} account(s) from ${config.path}${opts.dryRun ? ' (dry run)' : ''}; ${plan.summary}\n`,
    );
  }
  // Reporting is opened before anything runs: a bad webhook setting or audit file changes nothing.
  const { webhooksFromConfig } = await import('@keyroll/runtime/report');
  const { openReporting } = await import('./reporting.ts');
  const reporting =
    kind === 'rotate'
      ? await openReporting(
          opts,
          io.env,
          logger,
          config.notify ? webhooksFromConfig(config.notify, io.env, `${config.path} notify`) : undefined,
        )
      : undefined;
  const progress = human ? await progressReporter(io.stdout, count) : undefined;
  // Each account is reported as it finishes, not after the fleet: a slow fleet never delays a failure
  // alert. Not awaited in the pool either, so a slow webhook never holds an account's slot; awaited below.
  const reports: Promise<void>[] = [];
  const onEvent = (event: FleetEvent) => {
    progress?.onEvent(event);
    if (reporting && event.kind === 'done' && event.item.result)
      reports.push(reporting.report(event.item.result, { kind: 'manual', detail: 'fleet' }));
  };
  const common = {
    issuer,
    logger,
    env: io.env,
    allowApiOrigins: origins,
    ...(opts.account?.length ? { only: opts.account } : {}),
    ...(io.clock ? { clock: io.clock } : {}),
    ...(opts.lockDir ? { lockDir: opts.lockDir } : {}),
    ...(progress || reporting ? { onEvent } : {}),
  };
  try {
    if (kind === 'status')
      return await statusFleet(config, {
        ...common,
        ...(opts.warnDays !== undefined ? { warnDays: opts.warnDays } : {}),
      });
    return await rotateFleet(config, {
      ...common,
      force: opts.force === true,
      dryRun: opts.dryRun === true,
    });
  } finally {
    // reportRun never throws (a failing sink is logged and counted); allSettled all the same.
    await Promise.allSettled(reports);
    progress?.stop();
    await reporting?.close();
    await (issuer as { close?: () => Promise<void> }).close?.();
  }
}

/**
 * A fleet run waits on the Prisma Cloud rate limit, not on the CPU; V8's default young generation (up to
 * 48 MiB, sized for throughput) fills with each account's short-lived objects before it is collected.
 * Sized for memory instead (bench/fleet.ts). The flag only steers heap sizing and GC timing, so setting
 * it after start-up is safe.
 */
function leanFleetProcess(): void {
  setFlagsFromString('--optimize-for-size');
}

/**
 * The result objects as one JSON document, the same text `JSON.stringify(body, null, 2)` gives, written
 * one account at a time: 250 accounts make about 1 MB of JSON, and building it whole (plus its redacted
 * copy and the UTF-8 buffer) came on top of the run's peak memory, at its very end.
 */
export function writeJsonReport(report: FleetReport, out: CliIO['stdout'], redactor: Redactor): void {
  const head = { exitCode: report.exitCode, github: report.github, durationMs: report.durationMs };
  const json = (value: unknown, indent: string) =>
    JSON.stringify(redactor.redact(value), null, 2).replaceAll('\n', `\n${indent}`);
  if (report.items.length === 0) {
    out.write(`${JSON.stringify(redactor.redact({ ...head, items: [] }), null, 2)}\n`);
    return;
  }
  out.write(`${json(head, '').slice(0, -2)},\n  "items": [\n`);
  report.items.forEach((item, i) => {
    out.write(`    ${json(item, '    ')}${i < report.items.length - 1 ? ',' : ''}\n`);
  });
  out.write('  ]\n}\n');
}

/** Prints the summary table (or the result objects with --json) and returns the fleet's exit code. */
export async function fleetCommand(
  kind: 'rotate' | 'status',
  opts: FleetCliOptions & { auditFile?: string },
  io: CliIO,
  origins: string[],
): Promise<number> {
  leanFleetProcess();
  // One logger for the run: its redactor has seen every secret the run touched.
  const logger = loggerFor(opts, io);
  const report = await run(kind, opts, io, origins, logger);
  if (opts.json) writeJsonReport(report, io.stdout, logger.redactor);
  else {
    io.stdout.write(kind === 'rotate' ? rotateSummary(report) : statusTable(report));
  }
  return report.exitCode;
}
