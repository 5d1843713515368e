import * as core from '@actions/core';
import type { Logger, RotationResult, RotationTrigger } from '@keyroll/core';
import {
  type AuditRecord,
  type NotifierConfig,
  notifySettings,
  reportRun,
  startTelemetry,
} from '@keyroll/runtime/report';
import { createGitHubClient } from '@keyroll/vault-github';
import type { ActionInputs } from './inputs.ts';
import { issueSink } from './issue.ts';

/**
 * After the engine: the audit record to the Actions log (one `keyroll.audit` line) and to the step summary
 * (returned as Markdown), metrics (OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set), the notifier, and the
 * optional GitHub issue, all through the runtime's reportRun. Nothing here changes the outcome.
 */
export type ActionReport = (result: RotationResult, trigger: RotationTrigger) => Promise<string>;

/** Validates the notifier inputs before the rotation (a bad one is a usage error, nothing touched). */
export function prepareReport(inputs: ActionInputs, logger: Logger, env: NodeJS.ProcessEnv): ActionReport {
  const settings: Record<string, string> = {
    KEYROLL_NOTIFY_WEBHOOKS: inputs.notify.webhooks,
    KEYROLL_EVENT_WEBHOOKS: inputs.notify.events,
    KEYROLL_NOTIFY_ON_SUCCESS: inputs.notify.onSuccess,
  };
  const source = `//keyroll/github-action/${env.GITHUB_REPOSITORY ?? 'local'}`;
  const notify = notifySettings((n) => settings[n] || env[n] || undefined, source);
  return (result, trigger) => reportAction(result, inputs, logger, trigger, env, notify);
}

async function reportAction(
  result: RotationResult,
  inputs: ActionInputs,
  logger: Logger,
  trigger: RotationTrigger,
  env: NodeJS.ProcessEnv,
  notify: NotifierConfig | undefined,
): Promise<string> {
  let record: AuditRecord | undefined;
  const telemetry = await startTelemetry('keyroll-github-action', env).catch(() => undefined);
  const issue = inputs.issue;
  await reportRun(result, {
    runner: 'github-action',
    logger,
    notify,
    trigger,
    audit: [
      (r) => {
        record = r;
        core.info(`keyroll.audit ${JSON.stringify(r)}`);
      },
    ],
    results: issue
      ? [
          issueSink({
            octokit: createGitHubClient({ token: issue.token, baseUrl: inputs.githubApiUrl, log: logger }),
            owner: issue.repository.split('/')[0]!,
            repo: issue.repository.split('/')[1]!,
            ...(env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY
              ? {
                  runUrl: `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`,
                }
              : {}),
          }),
        ]
      : [],
  });
  await telemetry?.shutdown().catch(() => logger.warn('metrics export failed'));
  if (!record) return '';
  return `<details><summary>Audit record (keyroll.audit/v1)</summary>\n\n\`\`\`json\n${JSON.stringify(record, null, 2)}\n\`\`\`\n\n</details>\n`;
}
