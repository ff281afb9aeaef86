import type { LogFields, Severity } from './types';

/** How lines look: JSON for Cloud Logging, or one readable line per entry for a terminal. */
export type LogFormat = 'json' | 'pretty';

/** One entry after redaction, before it becomes text. */
export interface Entry {
  severity: Severity;
  message: string;
  time: Date;
  trace?: string;
  spanId?: string;
  traceSampled?: boolean;
  labels?: Record<string, string>;
  /** Sanitized fields (bindings then call fields). */
  fields: LogFields;
}

const reserved = new Set(['severity', 'message', 'time']);

/**
 * `auto` picks pretty on a terminal and JSON lines elsewhere (Cloud Run and Cloud Functions pipe
 * stdout to Cloud Logging, which parses JSON lines).
 */
export function resolveLogFormat(format: LogFormat | 'auto', isTty: boolean): LogFormat {
  return format === 'auto' ? (isTty ? 'pretty' : 'json') : format;
}

/**
 * A JSON line in the structured-logging shape Cloud Logging understands
 * (https://cloud.google.com/logging/docs/structured-logging): `severity`, `message`, `time`, the
 * `logging.googleapis.com/*` trace and labels keys, then the fields. A field that would shadow one
 * of those keys is kept under `<name>_`.
 */
export function formatJson(entry: Entry): string {
  const line: Record<string, unknown> = {
    severity: entry.severity,
    message: entry.message,
    time: entry.time.toISOString(),
  };
  if (entry.trace !== undefined) line['logging.googleapis.com/trace'] = entry.trace;
  if (entry.spanId !== undefined) line['logging.googleapis.com/spanId'] = entry.spanId;
  if (entry.traceSampled !== undefined) line['logging.googleapis.com/trace_sampled'] = entry.traceSampled;
  if (entry.labels !== undefined) line['logging.googleapis.com/labels'] = entry.labels;
  for (const [key, value] of Object.entries(entry.fields)) {
    line[reserved.has(key) || key.startsWith('logging.googleapis.com/') ? `${key}_` : key] = value;
  }
  return JSON.stringify(line);
}

/** `2026-01-02T03:04:05.678Z INFO  message key=value ...`, with error stacks indented below. */
export function formatPretty(entry: Entry): string {
  const parts = [entry.time.toISOString(), entry.severity.padEnd(7), entry.message];
  const context: LogFields = { ...entry.fields };
  if (entry.labels !== undefined) context.labels = entry.labels;
  if (entry.trace !== undefined) context.trace = entry.trace;
  const stacks: string[] = [];
  for (const [key, value] of Object.entries(context)) {
    if (value === undefined) continue;
    parts.push(`${key}=${prettyValue(value)}`);
    const stack = (value as { stack?: unknown } | null)?.stack;
    if (typeof stack === 'string') stacks.push(stack.replace(/^/gm, '    '));
  }
  return [parts.join(' '), ...stacks].join('\n');
}

function prettyValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (value !== null && typeof value === 'object' && 'stack' in value) {
    const { stack: _stack, ...rest } = value as Record<string, unknown>;
    return JSON.stringify(rest);
  }
  return JSON.stringify(value);
}
