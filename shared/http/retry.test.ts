import { IngestError, NetworkError } from '../errors';
import { backoffDelayMs, parseRetryAfter, withRetry } from './retry';

function recorder() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

/** fn that throws the given errors in turn, then resolves 'done'. */
function failing(...errors: unknown[]) {
  let calls = 0;
  const fn = async () => {
    calls += 1;
    if (calls <= errors.length) throw errors[calls - 1];
    return 'done';
  };
  return { fn, calls: () => calls };
}

describe('withRetry', () => {
  it.each([
    ['TypeError', new TypeError('x is not a function')],
    ['RangeError', new RangeError('bad length')],
    ['plain Error', new Error('unknown')],
    ['non-retriable IngestError', new IngestError('terminal', { retriable: false })],
  ])('never retries a %s', async (_name, error) => {
    const { delays, sleep } = recorder();
    const { fn, calls } = failing(error);
    await expect(withRetry(fn, { maxRetries: 5, sleep })).rejects.toBe(error);
    expect(calls()).toBe(1);
    expect(delays).toEqual([]);
  });

  it('retries retriable errors until success, reporting each retry', async () => {
    const { delays, sleep } = recorder();
    const events: number[] = [];
    const { fn, calls } = failing(new NetworkError('reset'), new NetworkError('reset'));
    await expect(
      withRetry(fn, {
        maxRetries: 5,
        sleep,
        random: () => 0.999,
        baseDelayMs: 100,
        onRetry: (e) => events.push(e.attempt),
      }),
    ).resolves.toBe('done');
    expect(calls()).toBe(3);
    expect(events).toEqual([1, 2]);
    expect(delays).toEqual([99, 199]);
  });

  it('throws the last error when retries run out', async () => {
    const { sleep } = recorder();
    const last = new NetworkError('third');
    const { fn, calls } = failing(new NetworkError('first'), new NetworkError('second'), last);
    await expect(withRetry(fn, { maxRetries: 2, sleep })).rejects.toBe(last);
    expect(calls()).toBe(3);
  });

  it('waits at least retryAfterMs, and gives up when the server asks for too long', async () => {
    const { delays, sleep } = recorder();
    const asked = Object.assign(new NetworkError('busy'), { retryAfterMs: 4_000 });
    await withRetry(failing(asked).fn, { maxRetries: 1, sleep, random: () => 0 });
    expect(delays).toEqual([4_000]);

    const tooLong = Object.assign(new NetworkError('come back tomorrow'), { retryAfterMs: 86_400_000 });
    const { fn, calls } = failing(tooLong);
    await expect(withRetry(fn, { maxRetries: 3, sleep })).rejects.toBe(tooLong);
    expect(calls()).toBe(1);
  });

  it('rejects a nonsensical maxRetries', async () => {
    await expect(withRetry(async () => 1, { maxRetries: -1 })).rejects.toThrow(RangeError);
  });
});

describe('backoffDelayMs (full jitter)', () => {
  it.each([
    [0, 0.5, 50],
    [1, 0.5, 100],
    [3, 0.5, 400],
    [10, 0.5, 500], // capped at maxDelayMs 1 000
    [2, 0, 0],
  ])('retry %i with random %f -> %i ms', (retry, r, expected) => {
    expect(backoffDelayMs(retry, { baseDelayMs: 100, maxDelayMs: 1_000, random: () => r })).toBe(expected);
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2015-10-21T07:28:00.000Z');
  it.each([
    ['1', 1_000],
    [' 120 ', 120_000],
    ['0', 0],
    ['1.5', 1_500],
    ['Wed, 21 Oct 2015 07:28:30 GMT', 30_000],
    ['Wed, 21 Oct 2015 07:27:00 GMT', 0], // in the past: retry now
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('%p -> %p ms', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});
