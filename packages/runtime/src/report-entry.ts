// `@keyroll/runtime/report`: what a deployment needs to report a run (audit, metrics, notifier, telemetry),
// without the fleet runner, keyroll.yaml's parser or the vault registry.
export { AUDIT_SCHEMA, type AuditRecord, auditRecordFor } from './audit.ts';
export { type AuditFile, openAuditFile } from './audit-file.ts';
export { type KeyFacts, recordNotifyFailures, recordRotation } from './metrics.ts';
export {
  NOTIFY_SETTINGS,
  Notifier,
  type NotifierConfig,
  type NotifyStats,
  webhooksFromConfig,
} from './notify/notifier.ts';
export {
  type AuditSink,
  keyFactsOf,
  type NotifySettingsSource,
  notifySettings,
  notifyWithConfig,
  type ReportSinks,
  type ResultSink,
  type RunReport,
  reportEscalation,
  reportRun,
} from './report.ts';
export { metricsEndpoint, startTelemetry, type Telemetry } from './telemetry.ts';
