import type { Escalation, Logger, RotationResult, RotationTrigger } from '@keyroll/core';
import { type AuditRecord, auditRecordFor } from './audit.ts';
import { type KeyFacts, recordNotifyFailures, recordRotation } from './metrics.ts';
import {
  Notifier,
  type NotifierConfig,
  type NotifyStats,
  notifierConfigFromSettings,
  webhooksFromConfig,
} from './notify/notifier.ts';

/**
 * What happens after every rotation attempt, the same in every deployment and the CLI: one audit record to
 * each audit sink (the platform's log, the CLI's JSON-lines file, the Action's step summary), the metrics,
 * then the notifier (people and consumers). Nothing here changes the outcome: a sink or webhook that fails
 * is logged (by name, never by URL) and counted.
 */
export type AuditSink = (record: AuditRecord) => void | Promise<void>;

/** Another place a finished run is reported to (the Action's GitHub issue); failures are logged and counted. */
export type ResultSink = { name: string; report(result: RotationResult): Promise<void> };

export interface ReportSinks {
  /** `cli`, `azure-functions`, `gcp-functions`, `github-action`, `aws-lambda`. */
  runner: string;
  /** Warnings about failed sinks go here; its redactor has seen every secret of the run. */
  logger: Logger;
  audit?: readonly AuditSink[];
  /** From notifierSettings at start-up; each report builds its Notifier on `logger`. */
  notify?: NotifierConfig | undefined;
  results?: readonly ResultSink[];
  trigger?: RotationTrigger | undefined;
  facts?: KeyFacts;
}

export interface RunReport {
  audit: AuditRecord;
  notified: NotifyStats;
  /** Audit and result sinks that failed (webhook failures are in `notified.failed`). */
  sinkFailures: number;
}

export async function reportRun(result: RotationResult, sinks: ReportSinks): Promise<RunReport> {
  const { logger } = sinks;
  // The result is redacted by the engine already; once more with the run's redactor costs nothing.
  const audit = logger.redactor.redact(auditRecordFor(result, sinks.runner, sinks.trigger));
  let sinkFailures = 0;
  for (const [i, sink] of (sinks.audit ?? []).entries()) {
    try {
      await sink(audit);
    } catch (err) {
      sinkFailures++;
      logger.warn(`audit sink ${i + 1} failed; the rotation's outcome stands`, { code: codeOf(err) });
    }
  }
  try {
    recordRotation(result, sinks.facts ?? keyFactsOf(result));
  } catch (err) {
    logger.warn("metrics not recorded; the rotation's outcome stands", { code: codeOf(err) });
  }
  let notified: NotifyStats = { sent: 0, failed: 0 };
  if (sinks.notify) {
    try {
      notified = await new Notifier(sinks.notify, logger).rotationFinished(result);
    } catch (err) {
      notified = { sent: 0, failed: 1 };
      logger.warn("notifier failed; the rotation's outcome stands", { code: codeOf(err) });
    }
  }
  for (const sink of sinks.results ?? []) {
    try {
      await sink.report(result);
    } catch (err) {
      sinkFailures++;
      logger.warn(`${sink.name} failed; the rotation's outcome stands`, { code: codeOf(err) });
    }
  }
  safeCount(notified.failed + sinkFailures, logger);
  return { audit, notified, sinkFailures };
}

/** keyroll.escalation to people (the platform's alert rule reads the log line the deployment writes). */
export async function reportEscalation(
  escalation: Escalation,
  sinks: Pick<ReportSinks, 'logger' | 'notify'>,
): Promise<NotifyStats> {
  if (!sinks.notify) return { sent: 0, failed: 0 };
  const { event: _event, ...data } = escalation;
  try {
    const stats = await new Notifier(sinks.notify, sinks.logger).escalation(data);
    safeCount(stats.failed, sinks.logger);
    return stats;
  } catch (err) {
    sinks.logger.warn('escalation notifier failed', { code: codeOf(err) });
    return { sent: 0, failed: 1 };
  }
}

/**
 * The notifier configuration a deployment reads from its settings (KEYROLL_NOTIFY_WEBHOOKS,
 * KEYROLL_NOTIFY_ON_SUCCESS, KEYROLL_EVENT_WEBHOOKS), or undefined when no webhook is set. Called at
 * start-up: a bad setting is a ConfigError naming the setting (never its value). `extra` adds webhooks
 * from keyroll.yaml.
 */
export function notifySettings(
  get: (name: string) => string | undefined,
  source: string,
  extra?: Partial<NotifierConfig>,
): NotifierConfig | undefined {
  const config = notifierConfigFromSettings(get, source);
  const merged: NotifierConfig = {
    ...config,
    people: [...config.people, ...(extra?.people ?? [])],
    consumers: [...config.consumers, ...(extra?.consumers ?? [])],
    notifyOnSuccess: config.notifyOnSuccess || extra?.notifyOnSuccess === true,
  };
  if (merged.people.length === 0 && merged.consumers.length === 0) return undefined;
  return merged;
}

/** Where a deployment reads its own notify settings: a getter, the CloudEvents source, the environment. */
export interface NotifySettingsSource {
  get: (name: string) => string | undefined;
  source: string;
  env: NodeJS.ProcessEnv;
}

/**
 * A sweep's notifier for keyroll.yaml accounts: the deployment's settings plus keyroll.yaml's `notify`
 * webhooks (URLs from the environment variables it names). A notify section that cannot be used is
 * logged (`where` names the file), and the deployment's own notifier (`own`) stays.
 */
export function notifyWithConfig(
  own: NotifierConfig | undefined,
  settings: NotifySettingsSource,
  fromConfig: Parameters<typeof webhooksFromConfig>[0] | undefined,
  where: string,
  logger: Logger,
): NotifierConfig | undefined {
  if (!fromConfig) return own;
  try {
    return notifySettings(
      settings.get,
      settings.source,
      webhooksFromConfig(fromConfig, settings.env, `${where} notify`),
    );
  } catch (err) {
    logger.warn(`keyroll.yaml notify is not used: ${(err as Error).message}`);
    return own;
  }
}

function safeCount(failures: number, logger: Logger): void {
  try {
    recordNotifyFailures(failures);
  } catch (err) {
    logger.warn('metrics not recorded', { code: codeOf(err) });
  }
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : err instanceof Error ? err.name : 'error';
}

const DAY_MS = 86_400_000;

/** Key age, days to expiry and failures in a row, from what the engine put on the result (`key`). */
export function keyFactsOf(result: RotationResult, now = Date.parse(result.finishedAt)): KeyFacts {
  const key = result.key;
  if (!key) return {};
  const rotated = key.rotatedAt ? Date.parse(key.rotatedAt) : Number.NaN;
  const expires = key.keyExpiresOn ? Date.parse(key.keyExpiresOn) : Number.NaN;
  return {
    consecutiveFailures: key.consecutiveFailures,
    ...(Number.isFinite(rotated) ? { keyAgeDays: Math.max(0, (now - rotated) / DAY_MS) } : {}),
    ...(Number.isFinite(expires) ? { daysToExpiry: (expires - now) / DAY_MS } : {}),
  };
}
