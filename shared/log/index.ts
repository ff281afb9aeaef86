/** shared/log: structured logging for Cloud Logging and terminals, with secret redaction. */
export { createLogger, createSilentLogger, type LoggerOptions, type LogLevel } from './logger';
export { resolveLogFormat, type LogFormat } from './format';
export { parseTraceHeader, type TraceBindings } from './trace';
export { isSensitiveKey, minScrubbedSecretLength } from './sanitize';
export type { Logger, LogFields, Severity } from './types';
