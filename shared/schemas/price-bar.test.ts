import { PriceBar, checkPriceBar, checkPriceBatch, priceBarRules, priceBatchRules } from './price-bar';

const today = '2024-06-14';
const good: PriceBar = {
  ticker: 'NVDA',
  date: '2024-06-10',
  open: 120.37,
  high: 123.1,
  low: 117.01,
  close: 121.79,
  adj_close: 121.79,
  volume: 314162700,
  source: 'yahoo',
};

describe('PriceBar contract + rules', () => {
  it.each<[string, Record<string, unknown>, { path: string; code: string }[]]>([
    ['a sane bar', {}, []],
    ['adj_close null (unadjusted request)', { adj_close: null }, []],
    ['zero volume (halted day)', { volume: 0 }, []],
    ['open == high == low == close', { open: 5, high: 5, low: 5, close: 5 }, []],
    ['today itself', { date: today }, []],
    ['high below close', { high: 121 }, [{ path: 'high', code: 'high_below_open_or_close' }]],
    ['high below open', { open: 123.5 }, [{ path: 'high', code: 'high_below_open_or_close' }]],
    ['low above open', { low: 120.5 }, [{ path: 'low', code: 'low_above_open_or_close' }]],
    [
      'both high and low broken',
      { high: 120, low: 122 },
      [
        { path: 'high', code: 'high_below_open_or_close' },
        { path: 'low', code: 'low_above_open_or_close' },
      ],
    ],
    ['date after today', { date: '2024-06-17' }, [{ path: 'date', code: 'date_in_future' }]],
    ['zero price', { low: 0 }, [{ path: 'low', code: 'too_small' }]],
    ['negative price', { open: -1 }, [{ path: 'open', code: 'too_small' }]],
    ['negative volume', { volume: -5 }, [{ path: 'volume', code: 'too_small' }]],
    ['fractional volume', { volume: 10.5 }, [{ path: 'volume', code: 'invalid_type' }]],
    ['null close (Yahoo null slot)', { close: null }, [{ path: 'close', code: 'invalid_type' }]],
    ['NaN high', { high: Number.NaN }, [{ path: 'high', code: 'invalid_type' }]],
    ['Infinity high', { high: Number.POSITIVE_INFINITY }, [{ path: 'high', code: 'invalid_type' }]],
    ['missing adj_close', { adj_close: undefined }, [{ path: 'adj_close', code: 'invalid_type' }]],
    ['bad date format', { date: '2024-6-10' }, [{ path: 'date', code: 'invalid_format' }]],
    ['impossible date', { date: '2024-02-30' }, [{ path: 'date', code: 'invalid_format' }]],
    ['lower-case ticker', { ticker: 'nvda' }, [{ path: 'ticker', code: 'invalid_format' }]],
    ['unknown source', { source: 'bloomberg' }, [{ path: 'source', code: 'invalid_value' }]],
  ])('%s', (_name, change, expected) => {
    const verdict = checkPriceBar({ ...good, ...change }, { today });
    const issues = verdict.ok ? [] : verdict.issues;
    expect(issues.map(({ path, code }) => ({ path, code }))).toEqual(expected);
    expect(verdict.ok).toBe(expected.length === 0);
    for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
  });

  it('priceBarRules alone checks only cross-field rules, with messages naming the values', () => {
    expect(priceBarRules({ ...good, high: 100 }, { today })).toEqual([
      { path: 'high', code: 'high_below_open_or_close', message: 'high 100 is below max(open 120.37, close 121.79)' },
    ]);
  });

  it('a passing bar is returned parsed (unknown keys dropped)', () => {
    const verdict = checkPriceBar({ ...good, extra: 1 }, { today });
    expect(verdict).toEqual({ ok: true, bar: good });
  });
});

describe('batch rule: no duplicate ticker+date', () => {
  it.each<[string, { ticker: string; date: string }[], { index: number; first: number }[]]>([
    [
      'distinct keys',
      [
        { ticker: 'A', date: '2024-01-02' },
        { ticker: 'B', date: '2024-01-02' },
        { ticker: 'A', date: '2024-01-03' },
      ],
      [],
    ],
    [
      'one duplicate',
      [
        { ticker: 'A', date: '2024-01-02' },
        { ticker: 'A', date: '2024-01-02' },
      ],
      [{ index: 1, first: 0 }],
    ],
    [
      'a triple',
      [
        { ticker: 'A', date: '2024-01-02' },
        { ticker: 'B', date: '2024-01-02' },
        { ticker: 'A', date: '2024-01-02' },
        { ticker: 'A', date: '2024-01-02' },
      ],
      [
        { index: 2, first: 0 },
        { index: 3, first: 0 },
      ],
    ],
  ])('%s', (_name, bars, expected) => {
    const issues = priceBatchRules(bars);
    expect(issues.map((i) => i.index)).toEqual(expected.map((e) => e.index));
    issues.forEach((i, n) => {
      expect(i.issue.code).toBe('duplicate_key');
      expect(i.issue.message).toContain(`record ${expected[n]!.first}`);
    });
  });

  it('checkPriceBatch: valid + rejected = in, duplicates judged among valid records only', () => {
    const inputs = [
      good,
      { ...good, close: null }, // invalid, so it is not the "first" of the key
      { ...good, date: '2024-06-11' },
      { ...good },
      'not an object',
    ];
    const { valid, rejected } = checkPriceBatch(inputs, { today });
    expect(valid).toEqual([good, { ...good, date: '2024-06-11' }]);
    expect(rejected.map((r) => [r.index, r.issues.map((i) => i.code)])).toEqual([
      [1, ['invalid_type']],
      [3, ['duplicate_key']],
      [4, ['invalid_type']],
    ]);
    expect(rejected[2]!.record).toBe('not an object');
    expect(valid.length + rejected.length).toBe(inputs.length);
  });
});
