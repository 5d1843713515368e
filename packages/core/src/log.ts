import { escapeControl, Redactor } from './redact.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogRecord {
  level: LogLevel;
  msg: string;
  time: string;
  [field: string]: unknown;
}

export type LogSink = (record: LogRecord) => void;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger whose records carry these fields too (e.g. the rotation id). */
  child(fields: Record<string, unknown>): Logger;
  /** The redactor every record passes through; register secrets here as soon as they are known. */
  readonly redactor: Redactor;
}

export interface LoggerOptions {
  sink?: LogSink;
  level?: LogLevel;
  redactor?: Redactor;
  fields?: Record<string, unknown>;
  now?: () => number;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const sink = options.sink ?? jsonLinesSink(process.stderr);
  const min = LEVELS[options.level ?? 'info'];
  const redactor = options.redactor ?? new Redactor();
  const now = options.now ?? Date.now;
  const base = options.fields ?? {};
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < min) return;
    const safe = redactor.redact({ ...base, ...fields }) as Record<string, unknown>;
    sink({
      ...safe,
      level,
      msg: escapeControl(redactor.redactString(msg)),
      time: new Date(now()).toISOString(),
    });
  };
  return {
    redactor,
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger({ ...options, sink, redactor, fields: { ...base, ...fields } }),
  };
}

export function jsonLinesSink(stream: { write(s: string): unknown }): LogSink {
  return (record) => stream.write(`${JSON.stringify(record)}\n`);
}

/** Collects records in memory; tests assert on them and scan them for leaks. */
export function memorySink(): LogSink & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const sink = ((record: LogRecord) => {
    records.push(record);
  }) as LogSink & { records: LogRecord[] };
  sink.records = records;
  return sink;
}

export const silentLogger = (): Logger => createLogger({ sink: () => {} });
