import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSSASLAuthenticationError,
} from 'kafkajs';
import { IngestError, StorageError } from '../errors';
import { isSecurityFailure, KafkaSecurityError, toStreamError } from './kafka-errors';

/** Built the way kafkajs's retrier builds it when it gives up (src/retry/index.js). */
function exhausted(cause: Error): Error {
  const Ctor = KafkaJSNumberOfRetriesExceeded as unknown as new (e: Error, meta: object) => Error;
  return new Ctor(cause, { retryCount: 30, retryTime: 5000, cause });
}

describe('toStreamError', () => {
  it.each([
    ['a retriable kafkajs error', new KafkaJSConnectionError('connect ECONNREFUSED'), true],
    ['a terminal kafkajs error', new KafkaJSNonRetriableError('invalid topics array'), false],
    ['retries exhausted on a retriable cause', exhausted(new KafkaJSConnectionError('down')), true],
    ['retries exhausted on a terminal cause', exhausted(new KafkaJSNonRetriableError('bad')), false],
    ['a programming error', new TypeError('x is not a function'), false],
  ])('%s becomes a StorageError with the kafkajs retriable flag', (_label, error, retriable) => {
    const mapped = toStreamError(error, 'kafka: send failed', { topic: 't' });
    expect(mapped).toBeInstanceOf(StorageError);
    expect(mapped.retriable).toBe(retriable);
    expect(mapped.cause).toBe(error);
    expect(mapped.message).toContain('kafka: send failed');
    expect(mapped.context).toMatchObject({ topic: 't', kafkaError: error.name });
  });

  it('keeps the broker error type of a protocol error', () => {
    const error = new KafkaJSProtocolError({
      message: 'unknown topic',
      type: 'UNKNOWN_TOPIC_OR_PARTITION',
      code: 3,
      retriable: true,
    } as never);
    expect(toStreamError(error, 'x').context.type).toBe('UNKNOWN_TOPIC_OR_PARTITION');
  });

  it('passes an IngestError through unchanged', () => {
    const error = new IngestError('already ours', { retriable: true });
    expect(toStreamError(error, 'x')).toBe(error);
  });
});

describe('toStreamError with security hints', () => {
  const hints = {
    auth: {
      text: 'Check KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and KAFKA_SASL_MECHANISM.',
      settings: ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_MECHANISM'],
    },
    tls: { text: 'Set KAFKA_SSL_CA_FILE.', settings: ['KAFKA_SSL_CA_FILE'] },
  };
  const RefusedLogin = KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;

  it('makes a refused SASL login a non-retriable KafkaSecurityError naming the settings', () => {
    const refused = new RefusedLogin('SASL SCRAM SHA512 authentication failed: invalid credentials');
    const mapped = toStreamError(refused, 'kafka: send failed', { topic: 't' }, hints);
    expect(mapped).toBeInstanceOf(KafkaSecurityError);
    expect(mapped).toBeInstanceOf(StorageError);
    expect(mapped.retriable).toBe(false);
    expect(mapped.message).toBe(
      'kafka: send failed: the broker refused to authenticate this client (SASL SCRAM SHA512 authentication failed: invalid credentials). Check KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and KAFKA_SASL_MECHANISM.',
    );
    expect((mapped as KafkaSecurityError).settings).toEqual(hints.auth.settings);
    expect(mapped.context).toMatchObject({ topic: 't', settings: hints.auth.settings });
  });

  it('finds the refused login under kafkajs wrappers and a SASL_AUTHENTICATION_FAILED protocol error', () => {
    // As kafkajs's retrier wraps a non-retriable failure (src/retry/index.js).
    const Wrapper = KafkaJSNonRetriableError as unknown as new (e: Error, meta: object) => Error;
    const refused = new RefusedLogin('refused');
    const wrapped = new Wrapper(refused, { cause: refused });
    expect(toStreamError(wrapped, 'x', {}, hints)).toBeInstanceOf(KafkaSecurityError);
    const protocol = new KafkaJSProtocolError({
      message: 'Authentication failed',
      type: 'SASL_AUTHENTICATION_FAILED',
      code: 58,
      retriable: false,
    } as never);
    expect(toStreamError(protocol, 'x', {}, hints)).toBeInstanceOf(KafkaSecurityError);
  });

  it('makes an untrusted certificate, even after kafkajs exhausted its retries on it, a KafkaSecurityError naming KAFKA_SSL_CA_FILE', () => {
    const connection = new KafkaJSConnectionError('Connection error: self-signed certificate', {
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    } as never);
    const mapped = toStreamError(exhausted(connection), 'kafka: producer cannot connect', {}, hints);
    expect(mapped).toBeInstanceOf(KafkaSecurityError);
    expect(mapped.retriable).toBe(false);
    expect(mapped.message).toContain('self-signed certificate');
    expect(mapped.message).toContain('KAFKA_SSL_CA_FILE');
    expect(mapped.context).toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });

  it('leaves other failures, and every failure without hints, as they were', () => {
    const down = exhausted(new KafkaJSConnectionError('connect ECONNREFUSED', { code: 'ECONNREFUSED' } as never));
    expect(toStreamError(down, 'x', {}, hints)).not.toBeInstanceOf(KafkaSecurityError);
    expect(toStreamError(down, 'x', {}, hints).retriable).toBe(true);
    expect(toStreamError(new RefusedLogin('refused'), 'x')).not.toBeInstanceOf(KafkaSecurityError);
  });
});

describe('isSecurityFailure (the consumer does not restart on these)', () => {
  const RefusedLogin = KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;
  it.each([
    ['a refused login', new RefusedLogin('refused'), true],
    [
      'an untrusted certificate under retries',
      exhausted(new KafkaJSConnectionError('x', { code: 'SELF_SIGNED_CERT_IN_CHAIN' } as never)),
      true,
    ],
    ['a KafkaSecurityError', new KafkaSecurityError('x', { settings: ['KAFKA_SSL_CA_FILE'] }), true],
    ['a broker that went away', exhausted(new KafkaJSConnectionError('x', { code: 'ECONNREFUSED' } as never)), false],
    ['a handler failure', new TypeError('x'), false],
    ['not an error', 'boom', false],
  ])('%s', (_label, error, expected) => {
    expect(isSecurityFailure(error)).toBe(expected);
  });
});
