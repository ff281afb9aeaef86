import { createSanitize, createScrub, type Sanitize, type Scrub } from './sanitize';
import { formatJson, formatPretty, resolveLogFormat, type Entry, type LogFormat } from './format';
import type { LogFields, Logger, Severity } from './types';

/** The four levels callers use, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const rank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const severityOf: Record<LogLevel, Severity> = { debug: 'DEBUG', info: 'INFO', warn: 'WARNING', error: 'ERROR' };

export interface LoggerOptions {
  /** Lines below this level are dropped. */
  level: LogLevel;
  /** `auto` = pretty when `isTty`, JSON lines otherwise. */
  format: LogFormat | 'auto';
  /** Whether output goes to a terminal; only consulted for `auto`. Defaults to stdout's isTTY. */
  isTty?: boolean;
  /** Secret values (e.g. `secretValues(config)`) scrubbed from every string of every line. */
  secrets?: Iterable<string>;
  /**
   * Fields on every line. Special names: `trace`, `spanId`, `traceSampled` (see parseTraceHeader)
   * and `labels` (string map, merged across child loggers) become Cloud Logging's own keys.
   */
  bindings?: LogFields;
  /** Receives each finished line (no trailing newline). Defaults to stdout. */
  write?: (line: string) => void;
  /** Clock for `time`; injectable for tests. */
  now?: () => Date;
}

interface State {
  threshold: number;
  format: LogFormat;
  scrub: Scrub;
  sanitize: Sanitize;
  write: (line: string) => void;
  now: () => Date;
}

/**
 * Creates a structured logger. Never throws on odd field values (cycles, BigInt, Errors, Buffers);
 * redaction happens on every line, so a secret planted in `secrets` cannot reach `write` through
 * the message, any field at any depth, or an error's message or stack.
 */
export function createLogger(options: LoggerOptions): Logger {
  const scrub = createScrub(options.secrets ?? []);
  const state: State = {
    threshold: rank[options.level],
    format: resolveLogFormat(options.format, options.isTty ?? process.stdout.isTTY === true),
    scrub,
    sanitize: createSanitize(scrub),
    write: options.write ?? ((line) => void process.stdout.write(`${line}\n`)),
    now: options.now ?? (() => new Date()),
  };
  return bind(state, options.bindings ?? {});
}

/** A logger that drops everything: the default where a Logger is optional. */
export function createSilentLogger(): Logger {
  const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
  return silent;
}

function bind(state: State, bindings: LogFields): Logger {
  const log = (level: LogLevel) => (message: string, fields?: LogFields) => {
    if (rank[level] < state.threshold) return;
    const entry = toEntry(state, severityOf[level], message, merge(bindings, fields ?? {}));
    state.write(state.format === 'json' ? formatJson(entry) : formatPretty(entry));
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (more) => bind(state, merge(bindings, more)),
  };
}

/** Later fields win; `labels` maps are merged rather than replaced. */
function merge(base: LogFields, more: LogFields): LogFields {
  const merged = { ...base, ...more };
  if (isRecord(base.labels) && isRecord(more.labels)) merged.labels = { ...base.labels, ...more.labels };
  return merged;
}

function toEntry(state: State, severity: Severity, message: string, all: LogFields): Entry {
  const { trace, spanId, traceSampled, labels, ...rest } = all;
  const entry: Entry = {
    severity,
    message: state.scrub(String(message)),
    time: state.now(),
    fields: state.sanitize(rest) as LogFields,
  };
  if (typeof trace === 'string') entry.trace = state.scrub(trace);
  if (typeof spanId === 'string') entry.spanId = state.scrub(spanId);
  if (typeof traceSampled === 'boolean') entry.traceSampled = traceSampled;
  if (isRecord(labels)) {
    const clean = state.sanitize(labels) as Record<string, unknown>;
    entry.labels = Object.fromEntries(
      Object.entries(clean).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    );
  }
  return entry;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
