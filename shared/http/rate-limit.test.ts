import { performance } from 'node:perf_hooks';
import { createRateLimiter } from './rate-limit';

describe('createRateLimiter', () => {
  it.each([
    [{ requestsPerInterval: 0, intervalMs: 1000 }],
    [{ requestsPerInterval: 5, intervalMs: 0 }],
    [{ requestsPerInterval: Number.NaN, intervalMs: 1000 }],
  ])('rejects %j', (options) => {
    expect(() => createRateLimiter(options)).toThrow(RangeError);
  });

  it('starts tasks in order, at least intervalMs / requestsPerInterval apart, even when one blocks the loop', async () => {
    const limiter = createRateLimiter({ requestsPerInterval: 4, intervalMs: 160 }); // 40 ms apart
    const started: [number, number][] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((n) =>
        limiter.schedule(async () => {
          started.push([n, performance.now()]);
          if (n === 1) {
            // Hog the event loop so later timers fire late and would bunch up without the gate.
            const until = performance.now() + 70;
            while (performance.now() < until);
          }
          return n;
        }),
      ),
    );
    expect(started.map(([n]) => n)).toEqual([0, 1, 2, 3, 4]);
    const gaps = started.slice(1).map(([, t], i) => t - started[i]![1]);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(39.5);
  });

  it('keeps a spacing under a millisecond with no timer: a timer waits at least 1 ms, capping starts near 1,000/s', async () => {
    const limiter = createRateLimiter({ requestsPerInterval: 5_000, intervalMs: 1_000 }); // 0.2 ms apart
    const timers = jest.spyOn(global, 'setTimeout');
    try {
      const starts: number[] = [];
      await Promise.all(
        Array.from({ length: 200 }, () => limiter.schedule(async () => void starts.push(performance.now()))),
      );
      // Measured inside each task, a little after the gate took its start time (by more when a GC
      // step falls in between), so one gap may come out short; the whole run cannot.
      expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(199 * 0.2 - 0.1);
      expect(timers).not.toHaveBeenCalled();
    } finally {
      timers.mockRestore();
    }
  });

  it('passes on the task outcome, failures included, without stalling the queue', async () => {
    const limiter = createRateLimiter({ requestsPerInterval: 100, intervalMs: 100 });
    const boom = new Error('boom');
    await expect(limiter.schedule(() => Promise.reject(boom))).rejects.toBe(boom);
    await expect(limiter.schedule(async () => 'next')).resolves.toBe('next');
  });
});
