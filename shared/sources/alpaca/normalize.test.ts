import { AlpacaBarsWire, AlpacaErrorWire, AlpacaSymbolBarsWire } from './wire';
import { normalizeAlpacaBars } from './normalize';

/** A /v2/stocks/bars answer in Alpaca's shape. */
const page = {
  bars: {
    AAPL: [
      { t: '2024-01-03T05:00:00Z', o: 184.22, h: 185.88, l: 183.43, c: 184.25, v: 58414460, n: 656984, vw: 184.319693 },
      { t: '2024-03-11T04:00:00Z', o: 172.94, h: 174.38, l: 172.05, c: 172.75, v: 60139473, n: 703521, vw: 173.140512 },
    ],
    MSFT: [
      { t: '2024-01-03T05:00:00Z', o: 369.01, h: 373.26, l: 368.51, c: 370.6, v: 23083465, n: 279134, vw: 370.903 },
    ],
  },
  next_page_token: 'TVNGVHwyMDI0LTAxLTAzVDA1OjAwOjAwWnw=',
};

describe('Alpaca v2 bars: wire + normalize', () => {
  it('maps each symbol to rows with the New York date (EST and EDT midnights)', () => {
    const out = normalizeAlpacaBars(AlpacaBarsWire.parse(page), { adjustment: 'raw' });
    expect(out.rows).toEqual([
      {
        ticker: 'AAPL',
        date: '2024-01-03',
        open: 184.22,
        high: 185.88,
        low: 183.43,
        close: 184.25,
        adj_close: null,
        volume: 58414460,
        source: 'alpaca',
      },
      {
        ticker: 'AAPL',
        date: '2024-03-11',
        open: 172.94,
        high: 174.38,
        low: 172.05,
        close: 172.75,
        adj_close: null,
        volume: 60139473,
        source: 'alpaca',
      },
      {
        ticker: 'MSFT',
        date: '2024-01-03',
        open: 369.01,
        high: 373.26,
        low: 368.51,
        close: 370.6,
        adj_close: null,
        volume: 23083465,
        source: 'alpaca',
      },
    ]);
    expect(out.problems).toEqual([]);
  });

  it.each<['raw' | 'split' | 'dividend' | 'all', number | null]>([
    ['raw', null],
    ['split', 184.25],
    ['all', 184.25],
  ])('adjustment=%s gives adj_close %p', (adjustment, expected) => {
    expect(normalizeAlpacaBars(AlpacaBarsWire.parse(page), { adjustment }).rows[0]!.adj_close).toBe(expected);
  });

  it('an empty answer ({} or null bars, null token) yields no rows', () => {
    for (const body of [
      { bars: {}, next_page_token: null },
      { bars: null, next_page_token: null },
    ]) {
      expect(normalizeAlpacaBars(AlpacaBarsWire.parse(body), { adjustment: 'raw' }).rows).toEqual([]);
    }
  });

  it('a null value passes through for validation; an unparseable t is a problem', () => {
    const body = {
      bars: {
        AAPL: [
          { ...page.bars.AAPL[0]!, h: null },
          { ...page.bars.AAPL[1]!, t: 'yesterday' },
        ],
      },
      next_page_token: null,
    };
    const out = normalizeAlpacaBars(AlpacaBarsWire.parse(body), { adjustment: 'raw' });
    expect(out.rows).toEqual([expect.objectContaining({ date: '2024-01-03', high: null })]);
    expect(out.problems).toEqual([
      {
        path: 'bars.AAPL.1',
        record: expect.objectContaining({ t: 'yesterday' }),
        issues: [expect.objectContaining({ path: 't', code: 'invalid_timestamp' })],
      },
    ]);
  });

  it.each<[string, unknown, boolean]>([
    ['the multi-symbol page', page, true],
    ['a bar without t', { bars: { AAPL: [{ o: 1, h: 1, l: 1, c: 1, v: 1 }] }, next_page_token: null }, false],
    [
      'bars as an array (the single-symbol shape)',
      { bars: page.bars.AAPL, symbol: 'AAPL', next_page_token: null },
      false,
    ],
  ])('AlpacaBarsWire on %s: %p', (_name, body, ok) => {
    expect(AlpacaBarsWire.safeParse(body).success).toBe(ok);
  });

  it('the single-symbol and error shapes parse', () => {
    expect(
      AlpacaSymbolBarsWire.safeParse({ bars: page.bars.AAPL, symbol: 'AAPL', next_page_token: null }).success,
    ).toBe(true);
    expect(AlpacaErrorWire.parse({ message: 'forbidden' })).toEqual({ message: 'forbidden' });
  });
});
