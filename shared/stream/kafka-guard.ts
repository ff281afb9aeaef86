import type { IngestError } from '../errors';
import { KafkaSecurityError, toStreamError } from './kafka-errors';
import { securityHints, type KafkaSecurity } from './kafka-security';
import { kafkaPlainAnswer, tlsHandshake } from './listener-probe';

/** What every producer, consumer and admin call of one Kafka stream shares about security. */
export interface KafkaGuard {
  /**
   * Resolves once a bootstrap broker's listener is seen to speak this stream's protocol with a
   * certificate it trusts (then at once on every later call), or when no broker could be reached
   * (kafkajs's retries take over). Rejects with a {@link KafkaSecurityError} when a broker shows
   * it cannot work: an untrusted certificate, or PLAINTEXT against a TLS listener or the reverse.
   * kafkajs itself would retry those as connection errors for its whole retry budget.
   */
  preflight(): Promise<void>;
  /** `toStreamError` with this stream's hints: refused logins and bad certificates name the settings to fix. */
  toError(error: unknown, what: string, context?: Record<string, unknown>): IngestError;
}

/** Splits `host:port` (`[v6]:port` too). */
function hostAndPort(broker: string): { host: string; port: number } {
  const colon = broker.lastIndexOf(':');
  return { host: broker.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port: Number(broker.slice(colon + 1)) };
}

/**
 * The guard of a stream on `brokers` secured by `security`. Each probe is one short connection to
 * one broker (`timeoutMs` at most): a TLS handshake for SASL_SSL, a plaintext ApiVersions request
 * for PLAINTEXT; only when that fails after connecting is the other protocol tried, to tell a
 * mismatch from a broker that is merely going down.
 */
export function createKafkaGuard(brokers: readonly string[], security: KafkaSecurity, timeoutMs: number): KafkaGuard {
  const hints = securityHints(security);
  let passed = false;
  let running: Promise<void> | undefined;

  const check = async (): Promise<void> => {
    for (const broker of brokers) {
      const { host, port } = hostAndPort(broker);
      if (security.protocol === 'SASL_SSL') {
        const outcome = await tlsHandshake(host, port, { ca: security.ca, verify: true, timeoutMs });
        if (outcome.kind === 'secure') return void (passed = true);
        if (outcome.kind === 'untrusted') {
          throw new KafkaSecurityError(
            `kafka: the TLS certificate of ${broker} does not verify (${outcome.error.message}). ${hints.tls.text}`,
            {
              settings: hints.tls.settings,
              context: { broker, code: outcome.error.code },
            },
          );
        }
        if (outcome.kind === 'no-tls' && (await kafkaPlainAnswer(host, port, timeoutMs)) === 'answers') {
          throw new KafkaSecurityError(
            `kafka: ${broker} is a PLAINTEXT listener, but KAFKA_SECURITY_PROTOCOL=SASL_SSL: point KAFKA_BROKERS at the broker's SASL_SSL listener, or set KAFKA_SECURITY_PROTOCOL=PLAINTEXT (and unset KAFKA_SASL_MECHANISM) for a local broker.`,
            { settings: ['KAFKA_BROKERS', 'KAFKA_SECURITY_PROTOCOL'], context: { broker } },
          );
        }
      } else {
        const outcome = await kafkaPlainAnswer(host, port, timeoutMs);
        if (outcome === 'answers') return void (passed = true);
        if (
          outcome === 'no-answer' &&
          (await tlsHandshake(host, port, { verify: false, timeoutMs })).kind === 'secure'
        ) {
          throw new KafkaSecurityError(
            `kafka: ${broker} speaks TLS, but KAFKA_SECURITY_PROTOCOL is PLAINTEXT: set KAFKA_SECURITY_PROTOCOL=SASL_SSL with KAFKA_SASL_MECHANISM (and KAFKA_SSL_CA_FILE for a self-signed listener), or point KAFKA_BROKERS at a PLAINTEXT listener.`,
            { settings: ['KAFKA_SECURITY_PROTOCOL', 'KAFKA_SASL_MECHANISM', 'KAFKA_BROKERS'], context: { broker } },
          );
        }
      }
    }
  };

  return {
    async preflight() {
      if (passed) return;
      running ??= check().finally(() => (running = undefined));
      await running;
    },
    toError: (error, what, context = {}) => toStreamError(error, what, context, hints),
  };
}
