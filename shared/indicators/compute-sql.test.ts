/** The SQL generator's contract, without a database: parameters, spellings, shape, bad input. */
import { buildIndicatorRecompute, buildIndicatorSelect, indicatorOutputColumns, recursionAlphas } from './compute-sql';
import { INDICATOR_PARAMS } from '../schemas/indicator-columns';
import { priceIndicators } from '../warehouse/pipeline-tables';
import { createIndicatorSql } from './index';
import { bigqueryDialect, duckdbDialect, num } from './sql/dialect';
import { blockRowsFor, TRUNCATION_WEIGHT } from './sql/recursive-average';

const AT = '2026-01-01T00:00:00.000Z';

describe('buildIndicatorSelect', () => {
  it.each([
    [{}, ['computed_at']],
    [{ tickers: ['AAPL'] }, ['computed_at', 'tickers']],
    [{ fromDate: '2024-03-01' }, ['computed_at', 'from_date']],
    [{ tickers: ['AAPL', 'MSFT'], fromDate: '2024-03-01' }, ['computed_at', 'from_date', 'tickers']],
  ])('binds exactly the parameters it uses for scope %j', (scope, names) => {
    for (const dialect of [duckdbDialect, bigqueryDialect]) {
      const { sql, params } = buildIndicatorSelect(dialect, scope, AT);
      expect(Object.keys(params).sort()).toEqual(names);
      for (const name of names) expect(sql).toContain(dialect.param(name));
      const unused = ['tickers', 'from_date'].filter((n) => !names.includes(n));
      for (const name of unused) expect(sql).not.toContain(dialect.param(name));
    }
  });

  it('spells parameters, integer division and array membership per dialect', () => {
    const scope = { tickers: ['AAPL'], fromDate: '2024-03-01' };
    const duck = buildIndicatorSelect(duckdbDialect, scope, AT).sql;
    const bq = buildIndicatorSelect(bigqueryDialect, scope, AT).sql;
    expect(duck).toContain('list_contains(@tickers, ticker)');
    expect(duck).toContain('((n.rn) // (560))');
    expect(duck).not.toMatch(/\$\w/);
    expect(bq).toContain('ticker IN UNNEST(@tickers)');
    expect(bq).toContain('DIV(n.rn, 560)');
    expect(bq).not.toMatch(/\$\w/);
  });

  it('rejects an empty ticker list, a malformed date and an odd table name', () => {
    expect(() => buildIndicatorSelect(duckdbDialect, { tickers: [] }, AT)).toThrow(RangeError);
    expect(() => buildIndicatorSelect(duckdbDialect, { fromDate: '2024-3-1' }, AT)).toThrow(RangeError);
    expect(() => buildIndicatorSelect(duckdbDialect, { source: 'prices; DROP TABLE x' }, AT)).toThrow(RangeError);
  });
});

describe('recursion blocks', () => {
  it('drops less than TRUNCATION_WEIGHT of every recursion and keeps POW exponents far from overflow', () => {
    const alphas = recursionAlphas(INDICATOR_PARAMS);
    const k = blockRowsFor(alphas);
    expect(k).toBe(560); // set by Wilder 14, the slowest decay
    for (const a of alphas) {
      expect((1 - a) ** (k + 1)).toBeLessThan(TRUNCATION_WEIGHT);
      expect(Number.isFinite((1 - a) ** (-2 * k))).toBe(true);
    }
    expect(() => blockRowsFor([1])).toThrow(RangeError);
  });

  it('writes DOUBLE literals that round-trip', () => {
    for (const x of [2 / 13, 1 - 1 / 14, Math.sqrt(252), 2]) expect(Number(num(x))).toBe(x);
    expect(num(2 / 13)).toMatch(/e/);
  });
});

describe('recompute statements and table', () => {
  it('deletes only the scope from fromDate on, then inserts the select', () => {
    const [del, ins] = buildIndicatorRecompute(
      bigqueryDialect,
      { tickers: ['AAPL'], fromDate: '2024-03-01', target: 'ds.price_indicators' },
      AT,
    );
    expect(del!.sql).toBe(
      'DELETE FROM ds.price_indicators WHERE ticker IN UNNEST(@tickers) AND date >= CAST(@from_date AS DATE)',
    );
    expect(del!.params).toEqual({ tickers: ['AAPL'], from_date: '2024-03-01' });
    expect(ins!.sql.startsWith(`INSERT INTO ds.price_indicators (${indicatorOutputColumns().join(', ')})`)).toBe(true);
    expect(buildIndicatorRecompute(duckdbDialect, {}, AT)[0]!.sql).toBe('DELETE FROM price_indicators WHERE TRUE');
  });

  it('declares the columns the select produces, partitioned by date and clustered by ticker', () => {
    expect(priceIndicators.columns.map((c) => c.name)).toEqual(createIndicatorSql('duckdb').columns);
    expect(priceIndicators).toMatchObject({
      name: 'price_indicators',
      partitionField: 'date',
      clustering: ['ticker'],
      key: ['ticker', 'date'],
    });
    expect(() => createIndicatorSql('postgres' as never)).toThrow(RangeError);
  });
});
