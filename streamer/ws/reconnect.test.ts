import { createBackoff, reconnectDelayMs, type ReconnectPolicy } from './reconnect';

const policy: ReconnectPolicy = { initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 2, stableAfterMs: 5_000 };

describe('reconnectDelayMs', () => {
  it.each([
    [0, 0, 50],
    [0, 0.999999, 100],
    [1, 0, 100],
    [2, 0.5, 300],
    [3, 0.999999, 800],
    [4, 0, 500], // ceiling capped at maxDelayMs
    [50, 0.999999, 1_000],
  ])('attempt %i with random %p waits %i ms', (attempt, random, expected) => {
    expect(reconnectDelayMs(attempt, policy, () => random)).toBe(expected);
  });

  it('never waits less than half the ceiling nor more than it', () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const ceiling = Math.min(1_000, 100 * 2 ** attempt);
      for (const r of [0, 0.25, 0.5, 0.75, 0.9999]) {
        const delay = reconnectDelayMs(attempt, policy, () => r);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });
});

describe('createBackoff', () => {
  it('grows per failure and resets only after a stable connection', () => {
    const backoff = createBackoff(policy, () => 0.999999);
    expect([backoff.nextDelayMs(), backoff.nextDelayMs(), backoff.nextDelayMs()]).toEqual([100, 200, 400]);
    backoff.connected(10_000);
    backoff.disconnected(12_000); // up 2 s: not stable, keeps growing
    expect(backoff.nextDelayMs()).toBe(800);
    backoff.connected(20_000);
    backoff.disconnected(25_000); // up 5 s: stable, starts over
    expect(backoff.attempts()).toBe(0);
    expect(backoff.nextDelayMs()).toBe(100);
  });
});
