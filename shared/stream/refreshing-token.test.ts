import { googleKafkaToken, type BearerToken } from './bearer-token';
import { refreshingTokenProvider } from './refreshing-token';

const HOUR = 3_600_000;
const MARGIN = 5 * 60_000;

/** A mint that issues one-hour Google tokens on a clock the test moves, counting its calls. */
function counter(clock: { now: number }) {
  const minted: BearerToken[] = [];
  const mint = async (): Promise<BearerToken> => {
    const token = googleKafkaToken(
      `access-${minted.length + 1}`,
      clock.now + HOUR,
      'sa@p.iam.gserviceaccount.com',
      clock.now,
    );
    minted.push(token);
    return token;
  };
  return { mint, minted };
}

describe('refreshingTokenProvider', () => {
  it('reuses the token until it is within the margin of its expiry, then mints a new one', async () => {
    const clock = { now: Date.UTC(2026, 11, 7, 12) };
    const { mint, minted } = counter(clock);
    const provide = refreshingTokenProvider(mint, { refreshMarginMs: MARGIN, now: () => clock.now });

    const first = await provide();
    clock.now += HOUR - MARGIN - 1; // 1 ms before the margin starts
    expect(await provide()).toEqual(first);
    expect(minted).toHaveLength(1);

    clock.now += 1; // exactly at expiry - margin
    const second = await provide();
    expect(minted).toHaveLength(2);
    expect(second.value).not.toBe(first.value);
    expect(second.value).toBe(minted[1]!.value);
  });

  it('mints again for an already expired token', async () => {
    const clock = { now: 0 };
    const { mint, minted } = counter(clock);
    const provide = refreshingTokenProvider(mint, { refreshMarginMs: MARGIN, now: () => clock.now });
    await provide();
    clock.now += 2 * HOUR;
    await provide();
    expect(minted).toHaveLength(2);
  });

  it('shares one mint between connections that ask at the same time', async () => {
    const clock = { now: 0 };
    const { mint, minted } = counter(clock);
    const provide = refreshingTokenProvider(mint, { now: () => clock.now });
    const values = await Promise.all(Array.from({ length: 5 }, () => provide()));
    expect(minted).toHaveLength(1);
    expect(new Set(values.map((v) => v.value)).size).toBe(1);
  });

  it('does not remember a failed mint: the caller sees the failure, the next call mints again', async () => {
    const clock = { now: 0 };
    const { mint, minted } = counter(clock);
    let failNext = true;
    const flaky = async () => {
      if (failNext) {
        failNext = false;
        throw new Error('metadata server unavailable');
      }
      return mint();
    };
    const provide = refreshingTokenProvider(flaky, { now: () => clock.now });
    await expect(provide()).rejects.toThrow('metadata server unavailable');
    const value = await provide();
    expect(minted).toHaveLength(1);
    expect(value).toEqual({ value: minted[0]!.value });
  });

  it('hands kafkajs only the value, never the principal or expiry', async () => {
    const clock = { now: 0 };
    const provide = refreshingTokenProvider(counter(clock).mint, { now: () => clock.now });
    expect(Object.keys(await provide())).toEqual(['value']);
  });
});
