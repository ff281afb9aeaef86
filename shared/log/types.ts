/** Cloud Logging severities (https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry#logseverity). */
export type Severity = 'DEBUG' | 'INFO' | 'NOTICE' | 'WARNING' | 'ERROR' | 'CRITICAL';

/** Structured fields attached to a log line; values are redacted before they are written. */
export type LogFields = Record<string, unknown>;

/** The logger every component receives; it never reads globals. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose lines all carry `bindings` (e.g. component, pipeline, run id). */
  child(bindings: LogFields): Logger;
}
