import { isAbsolute, resolve } from 'node:path';
import * as core from '@actions/core';
import {
  ConfigError,
  createLogger,
  escapeControl,
  type KeyIssuer,
  type Logger,
  type LogRecord,
  type RotationTrigger,
} from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { type FleetReport, loadFleetConfig, rotateFleet } from '@keyroll/runtime/fleet';
import { canBePrimary } from '@keyroll/runtime/vaults';
import { type Mask, MaskingRedactor, maskingIssuer } from './masking.ts';

/**
 * The Action's fleet mode: input `config` names keyroll.yaml in the checked-out repository (relative to
 * GITHUB_WORKSPACE), and every account in it (or those named in `accounts`) is rotated, each on its own,
 * as `keyroll rotate --all` does. Primaries in other clouds are read with their SDK's chain (log in first
 * with azure/login); GitHub mirrors are written with keyroll.yaml's credentials.github, else the
 * github-token input. A GitHub-only account (github:// primary) gets its current value from
 * current-secret: select exactly one such account then.
 */
export async function runFleetAction(
  get: (name: string) => string,
  env: NodeJS.ProcessEnv,
  mask: Mask,
  sink: (record: LogRecord) => void,
  issuer?: KeyIssuer,
): Promise<number> {
  const raw = (name: string) => get(name).trim();
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const path = raw('config');
  const file = isAbsolute(path) ? path : resolve(workspace, path);
  for (const alternative of ['targets', 'admin-secret'])
    if (raw(alternative))
      throw new ConfigError(
        'invalid_input',
        `the inputs config and ${alternative} are alternatives: with config, keyroll.yaml names the vaults and the admin key`,
      );
  for (const knob of ['grace-hours', 'retire-when-unused-minutes'])
    if (raw(knob))
      throw new ConfigError(
        'invalid_input',
        `the inputs config and ${knob} are alternatives: with config, keyroll.yaml's policy (graceHours, retireWhenUnusedMinutes) sets it`,
      );
  if (raw('github-token') && raw('github-token') === raw('workflow-token'))
    throw new ConfigError(
      'github_token_cannot_write_secrets',
      "the github-token input is the workflow's GITHUB_TOKEN, which cannot write secrets: use a GitHub App installation token or a fine-grained token, or name credentials.github in keyroll.yaml",
    );
  const config = await loadFleetConfig(file);
  const only = raw('accounts')
    .split(/[\s,]+/)
    .filter(Boolean);
  const chosen = only.length ? config.accounts.filter((a) => only.includes(a.name)) : config.accounts;
  const current = raw('current-secret');
  const currentValues: Record<string, string> = {};
  if (current) {
    const githubOnly = chosen.filter((a) => !canBePrimary(a.primary));
    if (githubOnly.length !== 1)
      throw new ConfigError(
        'invalid_input',
        `current-secret goes to one GitHub-only account (a github:// primary), but ${githubOnly.length} are selected; name one with the accounts input`,
      );
    currentValues[githubOnly[0]!.name] = current;
  }
  const logger: Logger = createLogger({
    redactor: new MaskingRedactor(mask),
    level: core.isDebug() ? 'debug' : 'info',
    sink,
  });
  const origins = [
    ...config.allowApiOrigins,
    ...raw('allowed-api-origins')
      .split(/[\s,]+/)
      .filter(Boolean),
  ];
  const report = await rotateFleet(config, {
    issuer: maskingIssuer(
      issuer ??
        new PrismaCloudIssuer({
          allowedOrigins: origins,
          logger,
          ...(config.rateLimit ? { rateLimit: config.rateLimit } : {}),
        }),
      mask,
    ),
    logger,
    env,
    allowApiOrigins: origins,
    trigger: triggerFrom(env),
    force: raw('force') === 'true',
    dryRun: raw('dry-run') === 'true',
    currentValues,
    ...(only.length ? { only } : {}),
    ...(raw('github-token') ? { githubToken: raw('github-token') } : {}),
    sdk: {
      github: {
        ...(raw('github-api-url') && !config.github.apiUrl ? { baseUrl: raw('github-api-url') } : {}),
        ...(raw('min-write-interval-ms') ? { minWriteIntervalMs: Number(raw('min-write-interval-ms')) } : {}),
      },
    },
  });
  await publish(report, logger);
  return report.exitCode;
}

function triggerFrom(env: NodeJS.ProcessEnv): RotationTrigger {
  const event = env.GITHUB_EVENT_NAME ?? '';
  return {
    kind: event === 'schedule' ? 'schedule' : 'manual',
    ...(env.GITHUB_RUN_ID ? { id: env.GITHUB_RUN_ID } : {}),
    detail: `fleet ${event || 'manual'}${env.GITHUB_RUN_ID ? ` run ${env.GITHUB_RUN_ID}` : ''}`,
  };
}

/** Outputs and a one-row-per-account step summary (key ids and outcomes only). */
async function publish(report: FleetReport, logger: Logger): Promise<void> {
  const worst = report.items.reduce(
    (w, i) => (i.exitCode > w.exitCode ? i : w),
    report.items[0] ?? { outcome: 'skipped', exitCode: 0 },
  );
  const rotated = report.items.filter((i) => i.outcome === 'rotated').length;
  const message = `${report.items.length} account(s): ${rotated} rotated; exit ${report.exitCode}`;
  core.setOutput('outcome', report.exitCode === 0 ? (rotated ? 'rotated' : 'skipped') : worst.outcome);
  core.setOutput('message', message);
  core.setOutput('results', JSON.stringify(logger.redactor.redact(report.items.map(brief))));
  const rows = report.items.map(
    (i) =>
      `| ${cell(i.account)} | \`${i.outcome}\` | ${cell(i.result?.oldKeyId ?? '')} | ${cell(i.result?.newKeyId ?? '')} | ${cell(i.message)} |`,
  );
  const markdown = [
    `## keyroll fleet: ${message}`,
    '',
    '| account | outcome | old key | new key | message |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  if (process.env.GITHUB_STEP_SUMMARY)
    await core.summary.addRaw(String(logger.redactor.redact(markdown))).write();
  for (const i of report.items) {
    const line = String(logger.redactor.redact(`keyroll: ${i.account}: ${i.outcome}: ${i.message}`));
    if (i.exitCode === 0) core.info(line);
    else if (i.exitCode === 1) core.warning(line);
    else core.error(line);
  }
  if (report.exitCode !== 0) core.setFailed(`keyroll: ${message}`);
}

function brief(i: FleetReport['items'][number]) {
  return {
    account: i.account,
    outcome: i.outcome,
    exitCode: i.exitCode,
    ...(i.result?.oldKeyId ? { oldKeyId: i.result.oldKeyId } : {}),
    ...(i.result?.newKeyId ? { newKeyId: i.result.newKeyId } : {}),
    message: i.message,
  };
}

function cell(text: string): string {
  return escapeControl(text).replace(/\|/g, '\\|');
}
