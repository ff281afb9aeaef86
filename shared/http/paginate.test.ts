import { IngestError } from '../errors';
import { paginate } from './paginate';

describe('paginate', () => {
  const pages = [{ n: 1, next: 2 }, { n: 2, next: 3 }, { n: 3 }];
  const requestFor = (log: number[]) => (n: number) => async () => {
    log.push(n);
    return pages[n - 1]!;
  };

  it('yields pages in order until nextRequest answers undefined', async () => {
    const fetched: number[] = [];
    const get = requestFor(fetched);
    const seen: number[] = [];
    for await (const page of paginate(get(1), (page) => (page.next ? get(page.next) : undefined))) seen.push(page.n);
    expect(seen).toEqual([1, 2, 3]);
    expect(fetched).toEqual([1, 2, 3]);
  });

  it('is lazy: stopping early fetches no further page', async () => {
    const fetched: number[] = [];
    const get = requestFor(fetched);
    for await (const page of paginate(get(1), (p) => (p.next ? get(p.next) : undefined))) {
      if (page.n === 1) break;
    }
    expect(fetched).toEqual([1]);
  });

  it('passes the page index to nextRequest', async () => {
    const indexes: number[] = [];
    const gen = paginate(
      async () => 'p',
      (_page, index) => {
        indexes.push(index);
        return index < 2 ? async () => 'p' : undefined;
      },
    );
    for await (const _ of gen) void _;
    expect(indexes).toEqual([0, 1, 2]);
  });

  it('stops a cursor that never ends with a terminal IngestError', async () => {
    expect.assertions(2);
    try {
      for await (const _ of paginate(
        async () => 1,
        () => async () => 1,
        { maxPages: 5 },
      ))
        void _;
    } catch (error) {
      expect(error).toBeInstanceOf(IngestError);
      expect((error as IngestError).retriable).toBe(false);
    }
  });

  it('propagates a failing request', async () => {
    const boom = new Error('boom');
    const gen = paginate(
      async () => 1,
      () => async () => {
        throw boom;
      },
    );
    await expect(
      (async () => {
        for await (const _ of gen) void _;
      })(),
    ).rejects.toBe(boom);
  });
});
