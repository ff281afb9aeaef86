import { KafkaJSError } from 'kafkajs';
import { IngestError, StorageError } from '../errors';

/**
 * The client and the broker cannot agree on security: the broker refused the SASL credentials,
 * its TLS certificate is not trusted, or the listener speaks another protocol. Never retriable (a
 * human must change a setting); the message names the settings to fix, and `settings` lists them.
 * It never holds a password or a token.
 */
export class KafkaSecurityError extends StorageError {
  readonly settings: readonly string[];
  constructor(
    message: string,
    options: { settings: readonly string[]; cause?: unknown; context?: Record<string, unknown> },
  ) {
    super(message, {
      retriable: false,
      cause: options.cause,
      context: { ...options.context, settings: options.settings },
    });
    this.settings = options.settings;
  }
}

/** What to tell the operator after each kind of security failure, for one stream's settings. */
export interface SecurityHints {
  /** After the broker refused to authenticate the client (wrong user, password, mechanism, grant). */
  auth: { text: string; settings: readonly string[] };
  /** After the broker's certificate failed verification. */
  tls: { text: string; settings: readonly string[] };
}

/** Node's codes for a certificate that does not verify (openssl's X509_V_ERR_* names, and Node's own). */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** True when `code` (a socket error's) means the peer's certificate did not verify. */
export function isCertificateCode(code: unknown): boolean {
  return typeof code === 'string' && CERTIFICATE_CODES.has(code);
}

/**
 * A kafkajs failure as our StorageError, keeping kafkajs's own `retriable` flag and the error as
 * `cause`. One exception: KafkaJSNumberOfRetriesExceeded is marked terminal by kafkajs because ITS
 * retrier gave up, yet the failure underneath (a broker down, a leader moving) may pass; we copy
 * the flag of that underlying cause, as kafkajs's own consumer does when it decides to restart.
 * With `hints`, a SASL authentication failure or an untrusted certificate anywhere in the cause
 * chain becomes a {@link KafkaSecurityError} naming the settings to fix. An IngestError passes
 * through; anything else (TypeError, ...) is terminal.
 */
export function toStreamError(
  error: unknown,
  what: string,
  context: Record<string, unknown> = {},
  hints?: SecurityHints,
): IngestError {
  if (error instanceof IngestError) return error;
  if (!(error instanceof Error)) return new StorageError(`${what}: ${String(error)}`, { retriable: false, context });
  const security = hints && securityFailure(error, what, context, hints);
  if (security) return security;
  const kafka = error instanceof KafkaJSError ? error : undefined;
  const root = originalCause(error);
  let retriable = kafka?.retriable ?? false;
  if (kafka?.name === 'KafkaJSNumberOfRetriesExceeded') retriable = root.retriable === true;
  return new StorageError(`${what}: ${error.message}`, {
    retriable,
    cause: error,
    // `type` is the broker's error code name (e.g. UNKNOWN_TOPIC_OR_PARTITION) when there is one.
    context: { ...context, kafkaError: error.name, type: (error as { type?: unknown }).type ?? root.type },
  });
}

/** The error and every `cause` under it, outermost first. */
function causeChain(error: Error): Error[] {
  const chain = [error];
  while (chain.length < 10 && chain[chain.length - 1]!.cause instanceof Error)
    chain.push(chain[chain.length - 1]!.cause as Error);
  return chain;
}

/** kafkajs (or our OAUTHBEARER authenticator) saying the broker refused the login. */
function isRefusedLogin(error: Error): boolean {
  return (
    error.name === 'KafkaJSSASLAuthenticationError' ||
    (error as { type?: unknown }).type === 'SASL_AUTHENTICATION_FAILED'
  );
}

/**
 * True when `error` (or a cause under it) is a refused SASL login, an untrusted certificate or a
 * {@link KafkaSecurityError}: failures no retry or consumer restart can mend.
 */
export function isSecurityFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return causeChain(error).some(
    (e) => e instanceof KafkaSecurityError || isRefusedLogin(e) || isCertificateCode((e as { code?: unknown }).code),
  );
}

function securityFailure(
  error: Error,
  what: string,
  context: Record<string, unknown>,
  hints: SecurityHints,
): KafkaSecurityError | undefined {
  const chain = causeChain(error);
  const auth = chain.find(isRefusedLogin);
  if (auth) {
    return new KafkaSecurityError(
      `${what}: the broker refused to authenticate this client (${auth.message}). ${hints.auth.text}`,
      {
        settings: hints.auth.settings,
        cause: error,
        context: { ...context, kafkaError: auth.name },
      },
    );
  }
  const tls = chain.find((e) => isCertificateCode((e as { code?: unknown }).code));
  if (tls) {
    return new KafkaSecurityError(
      `${what}: the broker's TLS certificate does not verify (${tls.message}). ${hints.tls.text}`,
      {
        settings: hints.tls.settings,
        cause: error,
        context: { ...context, kafkaError: tls.name, code: (tls as { code?: unknown }).code },
      },
    );
  }
  return undefined;
}

function originalCause(error: Error): { retriable?: unknown; type?: unknown } {
  let current: Error = error;
  while (current.cause instanceof Error) current = current.cause;
  return current as Error & { retriable?: unknown; type?: unknown };
}

/**
 * Thrown into kafkajs when a batch handler fails. Marked retriable so kafkajs's runner fetches the
 * (unresolved, uncommitted) batch again and, once its retries run out, restarts the consumer instead
 * of leaving it dead; a plain TypeError from a handler would otherwise kill the consumer for good.
 */
export class BatchHandlerError extends StorageError {
  constructor(cause: unknown, context: Record<string, unknown>) {
    super(
      `batch handler failed; the batch will be delivered again: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        retriable: true,
        cause,
        context,
      },
    );
  }
}
