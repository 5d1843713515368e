import type { LogLevel, LogRecord, LogSink } from '@keyroll/core';

/**
 * A LogSink writing one JSON object per line in the shape Cloud Logging parses from a Cloud Run
 * function's stdout: `severity`, `message` and `time` become the entry's fields, everything else lands
 * in jsonPayload, and `logging.googleapis.com/operation` groups every line of one rotation under its id.
 * Records reach the sink already redacted by the core logger.
 */
const SEVERITY: Record<LogLevel, string> = { debug: 'DEBUG', info: 'INFO', warn: 'WARNING', error: 'ERROR' };

export function cloudLoggingSink(stream: { write(line: string): unknown } = process.stdout): LogSink {
  return (record) => stream.write(`${JSON.stringify(toCloudLoggingEntry(record))}\n`);
}

export function toCloudLoggingEntry(record: LogRecord): Record<string, unknown> {
  const { level, msg, time, ...fields } = record;
  const rotationId = typeof fields.rotationId === 'string' ? fields.rotationId : undefined;
  return {
    severity: SEVERITY[level] ?? 'DEFAULT',
    message: msg,
    time,
    ...fields,
    ...(rotationId
      ? {
          'logging.googleapis.com/labels': { rotationId },
          'logging.googleapis.com/operation': { id: rotationId, producer: 'keyroll' },
        }
      : {}),
  };
}

/**
 * Fields of the outcome lines the functions write, which terraform/gcp's log-based metrics filter on
 * (jsonPayload.<field>); a test compares the filters with these.
 */
export const LOG_FIELDS = {
  /** The engine's outcome of a rotation: rotated, skipped, rolled_back, needs_attention. */
  outcome: 'outcome',
  /** Set to ESCALATION_EVENT on the line that asks for a person. */
  event: 'event',
} as const;
export const FAILED_OUTCOMES = ['rolled_back', 'needs_attention'] as const;
export const ESCALATION_EVENT = 'keyroll.escalation';
