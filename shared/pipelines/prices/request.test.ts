import { parsePricesRequest } from './request';

describe('parsePricesRequest', () => {
  it.each([undefined, null, '', {}])('treats %j as an incremental run of the watchlist', (body) => {
    expect(parsePricesRequest(body, 'schedule')).toEqual({
      ok: true,
      request: { mode: 'incremental', trigger: 'schedule' },
    });
  });

  it('maps a backfill body to a run request, deduplicating tickers', () => {
    const parsed = parsePricesRequest(
      { mode: 'backfill', from: '2022-01-01', to: '2024-12-31', tickers: ['AAPL', 'MSFT', 'AAPL'], backfillId: 'bf-1' },
      'http',
    );
    expect(parsed).toEqual({
      ok: true,
      request: {
        mode: 'backfill',
        trigger: 'http',
        from: '2022-01-01',
        to: '2024-12-31',
        scopes: ['AAPL', 'MSFT'],
        backfillId: 'bf-1',
      },
    });
  });

  it('names every problem of a bad body with its path and code', () => {
    const parsed = parsePricesRequest({ mode: 'sideways', from: '2024-13-01', tickers: ['aapl'], extra: 1 }, 'http');
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems.map((p) => p.path).sort()).toEqual(['', 'from', 'mode', 'tickers.0']);
    expect(problems.find((p) => p.path === '')?.code).toBe('unrecognized_keys');
  });

  it('rejects a range that ends before it starts, and dates without backfill mode', () => {
    const reversed = parsePricesRequest({ mode: 'backfill', from: '2024-02-01', to: '2024-01-01' }, 'http');
    expect(reversed.ok ? [] : reversed.problems.map((p) => p.path)).toEqual(['to']);
    const noMode = parsePricesRequest({ from: '2024-01-01' }, 'http');
    expect(noMode.ok ? [] : noMode.problems.map((p) => p.path)).toEqual(['mode']);
  });

  it('rejects a body that is not an object', () => {
    expect(parsePricesRequest([1, 2], 'http').ok).toBe(false);
    expect(parsePricesRequest('backfill', 'http').ok).toBe(false);
  });
});
