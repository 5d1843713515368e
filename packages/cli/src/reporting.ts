// After a CLI rotation: the audit record (to --audit-file, JSON lines), the metrics (OTLP when
// OTEL_EXPORTER_OTLP_ENDPOINT is set), and the notifier (KEYROLL_NOTIFY_WEBHOOKS, KEYROLL_EVENT_WEBHOOKS,
// KEYROLL_NOTIFY_ON_SUCCESS), all through the runtime's one reportRun. Loaded only by commands that rotate.
import type { Logger, RotationResult, RotationTrigger } from '@keyroll/core';
import {
  type AuditFile,
  type NotifierConfig,
  notifySettings,
  openAuditFile,
  reportRun,
  startTelemetry,
  type Telemetry,
} from '@keyroll/runtime/report';

export interface CliReporting {
  report(result: RotationResult, trigger?: RotationTrigger): Promise<void>;
  close(): Promise<void>;
}

/**
 * Everything is opened and validated before the rotation (a bad webhook setting or an unwritable audit
 * file is a usage error, exit 2, nothing touched). `fromConfig` adds keyroll.yaml's `notify` webhooks.
 */
export async function openReporting(
  opts: { auditFile?: string },
  env: NodeJS.ProcessEnv,
  logger: Logger,
  fromConfig?: Partial<NotifierConfig>,
): Promise<CliReporting> {
  const notify = notifySettings((n) => env[n], '//keyroll/cli', fromConfig);
  const file: AuditFile | undefined = opts.auditFile ? await openAuditFile(opts.auditFile) : undefined;
  // A fleet reports accounts concurrently: one append at a time keeps every JSON line whole.
  let appended: Promise<void> = Promise.resolve();
  const append = (record: Parameters<AuditFile['write']>[0]) => {
    appended = appended.catch(() => undefined).then(() => file!.write(record));
    return appended;
  };
  const telemetry: Telemetry = await startTelemetry('keyroll-cli', env);
  return {
    async report(result, trigger) {
      await reportRun(result, {
        runner: 'cli',
        logger,
        notify,
        trigger,
        audit: file ? [append] : [],
      });
    },
    async close() {
      await file?.close();
      await telemetry.shutdown().catch(() => logger.warn('metrics export failed at exit'));
    },
  };
}
