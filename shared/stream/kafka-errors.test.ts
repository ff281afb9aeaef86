import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { IngestError, StorageError } from '../errors';
import { toStreamError } from './kafka-errors';

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
    const error = new KafkaJSProtocolError({ message: 'unknown topic', type: 'UNKNOWN_TOPIC_OR_PARTITION', code: 3, retriable: true } as never);
    expect(toStreamError(error, 'x').context.type).toBe('UNKNOWN_TOPIC_OR_PARTITION');
  });

  it('passes an IngestError through unchanged', () => {
    const error = new IngestError('already ours', { retriable: true });
    expect(toStreamError(error, 'x')).toBe(error);
  });
});
