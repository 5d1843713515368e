export {
  type AdminAccess,
  type AdminAccessInput,
  type AdminKeySource,
  loadAdminAccess,
} from './admin.ts';
export { type Answer, answerFor, isRotationResult, outcomeLogLine } from './answer.ts';
export { AUDIT_SCHEMA, type AuditRecord, auditRecordFor } from './audit.ts';
export { type AuditFile, openAuditFile } from './audit-file.ts';
export * from './config/index.ts';
export * from './fleet/index.ts';
export { HttpRefusal, type HttpRequestLike, MAX_REQUEST_BYTES, readJsonBody } from './http.ts';
export { type KeyFacts, recordNotifyFailures, recordRotation } from './metrics.ts';
export {
  type CloudEvent,
  type EscalationData,
  escalationEvent,
  eventForResult,
  type KeyrollEventType,
  type RotationEventData,
} from './notify/events.ts';
export { formatFor, type WebhookKind } from './notify/formats.ts';
export {
  NOTIFY_SETTINGS,
  Notifier,
  type NotifierConfig,
  type NotifyStats,
  notifierConfigFromSettings,
  type Webhook,
  webhooksFromConfig,
} from './notify/notifier.ts';
export {
  type AuditSink,
  keyFactsOf,
  notifySettings,
  type ReportSinks,
  type ResultSink,
  type RunReport,
  reportEscalation,
  reportRun,
} from './report.ts';
export { defaultGraceHours, POLICY_SETTINGS, type PolicySetting, policyFromSettings } from './settings.ts';
export { metricsEndpoint, startTelemetry, type Telemetry } from './telemetry.ts';
export * from './vaults/index.ts';
