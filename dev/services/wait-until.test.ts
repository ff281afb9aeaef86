import { waitUntil } from './wait-until';

describe('waitUntil', () => {
  it('returns the first truthy probe value, treating throws as "not yet"', async () => {
    let calls = 0;
    const value = await waitUntil(
      'counter',
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('refused');
        return calls >= 3 ? `ready after ${calls}` : false;
      },
      { timeoutMs: 5_000, intervalMs: 1 },
    );
    expect(value).toBe('ready after 3');
  });

  it('rejects at the deadline naming the service and the last probe error', async () => {
    const started = Date.now();
    await expect(
      waitUntil(
        'never',
        async () => {
          throw new Error('ECONNREFUSED 127.0.0.1:1');
        },
        { timeoutMs: 200, intervalMs: 10 },
      ),
    ).rejects.toThrow('never not ready after 200 ms: ECONNREFUSED 127.0.0.1:1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('stops at once when abortIf throws', async () => {
    let probes = 0;
    await expect(
      waitUntil('dead', async () => ++probes > 100, {
        timeoutMs: 60_000,
        abortIf: () => {
          if (probes >= 2) throw new Error('dead exited early with code 1');
        },
      }),
    ).rejects.toThrow('dead exited early with code 1');
    expect(probes).toBe(2);
  });
});
