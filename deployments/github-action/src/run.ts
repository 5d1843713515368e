import * as core from '@actions/core';
import {
  ConfigError,
  createLogger,
  describeError,
  dispositionFor,
  type KeyIssuer,
  type LogRecord,
  type RotationResult,
  type RotationTrigger,
  rotateCredential,
} from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { loadAdminAccess } from '@keyroll/runtime/admin';
import { createGitHubClient, GITHUB_TOKEN_HINT, GitHubSecretsAdapter } from '@keyroll/vault-github';
import { fetch as undiciFetch } from 'undici';
import { readInputs } from './inputs.ts';
import { MaskingRedactor, maskingIssuer } from './masking.ts';
import { prepareReport } from './report.ts';
import { renderFailureSummary, renderSummary } from './summary.ts';

/** Inputs that may hold secrets: masked before anything is read, parsed or printed. */
const SECRET_INPUTS = [
  'current-secret',
  'admin-secret',
  'github-token',
  'workflow-token',
  'issue-token',
  'notify-webhooks',
  'event-webhooks',
];

export interface RunOptions {
  /** The issuer (default: Prisma Cloud with the allowed origins from the inputs). */
  issuer?: KeyIssuer;
  env?: NodeJS.ProcessEnv;
}

/**
 * The Action: reads inputs, rotates the key across the targets with the engine, sets outputs and the step
 * summary. Returns the process exit code from the shared outcome table (dispositionFor): 0 rotated/skipped,
 * 1 rolled back, 2 bad input or configuration (nothing changed), 3 needs attention or unexpected.
 */
export async function runAction(options: RunOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const masked = new Set<string>();
  const mask = (secret: string) => {
    if (!secret || masked.has(secret)) return;
    masked.add(secret);
    core.setSecret(secret);
  };
  for (const name of SECRET_INPUTS) mask(core.getInput(name));

  let result: RotationResult;
  let auditMarkdown = '';
  try {
    if (core.getInput('config').trim()) {
      // Fleet mode: keyroll.yaml from the repository names the accounts (fleet.ts).
      const { runFleetAction } = await import('./fleet.ts');
      return await runFleetAction((name) => core.getInput(name), env, mask, runnerSink, options.issuer);
    }
    const inputs = readInputs((name) => core.getInput(name), mask);
    if (inputs.workflowToken && inputs.githubToken === inputs.workflowToken) {
      throw new ConfigError(
        'github_token_cannot_write_secrets',
        `the github-token input is the workflow's GITHUB_TOKEN. ${GITHUB_TOKEN_HINT}`,
      );
    }

    const logger = createLogger({
      redactor: new MaskingRedactor(mask),
      level: core.isDebug() ? 'debug' : 'info',
      sink: runnerSink,
    });
    const octokit = createGitHubClient({
      token: inputs.githubToken,
      baseUrl: inputs.githubApiUrl,
      concurrency: inputs.concurrency,
      minWriteIntervalMs: inputs.minWriteIntervalMs,
      log: logger,
      // The HTTP stack the Prisma Cloud client already loaded: Node's global fetch would load a second undici
      // (and compile a second HTTP parser) in the same process.
      fetch: undiciFetch as unknown as typeof fetch,
    });
    // The first target is the primary (it keeps the metadata); the others are its fan-out, one secret
    // write each per rotation.
    let primary: GitHubSecretsAdapter | undefined;
    const targets = inputs.targets.map((spec) => {
      const adapter: GitHubSecretsAdapter = new GitHubSecretsAdapter({
        octokit,
        scope: spec.scope,
        layout: spec.layout,
        currentValue: inputs.currentValue,
        // Listed in the workflow's targets input: that is configuration naming it as managed (R4).
        namedInConfiguration: true,
        ...(primary ? { primary } : {}),
        logger,
      });
      primary ??= adapter;
      return adapter;
    });
    const trigger = triggerFrom(env);
    const report = prepareReport(inputs, logger, env);
    const issuer = maskingIssuer(
      options.issuer ?? new PrismaCloudIssuer({ allowedOrigins: inputs.allowedApiOrigins, logger }),
      mask,
    );

    result = await rotateCredential(
      { targets, trigger, force: inputs.force, dryRun: inputs.dryRun },
      {
        issuer,
        policy: inputs.policy,
        logger,
        allowedApiOrigins: inputs.allowedApiOrigins,
        ...(await loadAdminAccess({
          mode: inputs.mode,
          adminKey: inputs.adminSecret
            ? { value: inputs.adminSecret, setting: 'input admin-secret' }
            : undefined,
          adminKeySetting: 'input admin-secret',
          serviceAccount: inputs.serviceAccount,
          redact: mask,
        })),
      },
    );
    auditMarkdown = await report(result, trigger);
  } catch (err) {
    // Usage, configuration and input errors (a rejected token too): nothing was changed, exit 2. Anything
    // else thrown here is unexpected (exit 3). The shared outcome table decides.
    const e = describeError(err);
    const disposition = dispositionFor(err);
    core.setOutput('outcome', disposition.kind === 'bad_request' ? 'invalid' : 'failed');
    core.setOutput('message', e.message);
    await writeSummary(renderFailureSummary(e.code, e.message));
    core.setFailed(`keyroll: ${e.message}`);
    return disposition.exitCode;
  }

  core.setOutput('outcome', result.outcome);
  core.setOutput('rotation-id', result.rotationId);
  core.setOutput('new-key-id', result.newKeyId ?? '');
  core.setOutput('old-key-id', result.oldKeyId ?? '');
  core.setOutput('message', result.message);
  await writeSummary(renderSummary(result) + auditMarkdown);
  const code = dispositionFor(result).exitCode;
  if (code !== 0) core.setFailed(`keyroll: ${result.outcome}: ${result.message}`);
  else core.info(`keyroll: ${result.outcome}: ${result.message}`);
  return code;
}

function triggerFrom(env: NodeJS.ProcessEnv): RotationTrigger {
  const event = env.GITHUB_EVENT_NAME ?? '';
  const run = env.GITHUB_RUN_ID ? `run ${env.GITHUB_RUN_ID}` : 'local run';
  return {
    // Scheduled runs rotate only when the key is due; a dispatch by an admin is a manual rotation.
    kind: event === 'schedule' ? 'schedule' : 'manual',
    ...(env.GITHUB_RUN_ID ? { id: env.GITHUB_RUN_ID } : {}),
    detail: `${event || 'manual'} ${run}${env.GITHUB_REPOSITORY ? ` of ${env.GITHUB_REPOSITORY}` : ''}`,
  };
}

async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return; // not on a runner: nowhere to write
  await core.summary.addRaw(markdown).write();
}

/** Engine log records → runner log lines (warnings and errors become annotations). */
function runnerSink(record: LogRecord): void {
  const { level, msg, time: _time, ...fields } = record;
  const extra = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  const line = `${msg}${extra}`;
  if (level === 'error') core.error(line);
  else if (level === 'warn') core.warning(line);
  else if (level === 'debug') core.debug(line);
  else core.info(line);
}
