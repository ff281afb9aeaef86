/**
 * The generated DuckDB SQL against an independent reference (npm technicalindicators 3.1), on an
 * in-memory DuckDB: every indicator, every row, to 1e-9 ABSOLUTE (prices are ~10-1000, so this is
 * also ~1e-11 relative), warm-up rows NULL exactly where the reference has no value.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { buildIndicatorRecompute, buildIndicatorSelect } from './compute-sql';
import { duckdbDialect } from './sql/dialect';
import { compareColumns, type ColumnError } from './__fixtures__/compare';
import { duckdbParams, duckdbSql, loadPrices, readIndicatorColumns } from './__fixtures__/duckdb-load';
import { referenceIndicators } from './__fixtures__/reference';
import { randomWalkBars, type Bar } from './__fixtures__/series';

const TOLERANCE = 1e-9;
const COMPUTED_AT = '2026-01-02T03:04:05.000Z';

const SERIES = [
  { ticker: 'AAA', rows: 1300, seed: 11, splitAtRow: 700, splitRatio: 10, risingRows: 18 },
  { ticker: 'BBB', rows: 1300, seed: 22 },
  { ticker: 'CCC', rows: 150, seed: 33, splitAtRow: 60 },
];

let instance: DuckDBInstance;
let conn: DuckDBConnection;
const barsByTicker = new Map<string, Bar[]>();

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  const all = SERIES.flatMap((s) => randomWalkBars(s));
  for (const s of SERIES)
    barsByTicker.set(
      s.ticker,
      all.filter((b) => b.ticker === s.ticker),
    );
  await loadPrices(conn, all);
});

afterAll(() => {
  conn?.closeSync();
  instance?.closeSync();
});

function expectWithinTolerance(errors: Map<string, ColumnError>, columns: number): void {
  const table = [...errors.values()].map((e) => ({ ...e, nullMismatches: e.nullMismatches.slice(0, 5) }));
  expect(table).toHaveLength(columns);
  for (const e of table) {
    expect({ column: e.column, nullMismatches: e.nullMismatches }).toEqual({ column: e.column, nullMismatches: [] });
    expect({ column: e.column, ok: e.maxAbs <= TOLERANCE, maxAbs: e.maxAbs }).toMatchObject({
      column: e.column,
      ok: true,
    });
    expect(e.rows).toBeGreaterThan(0);
  }
}

describe('price_indicators SQL on DuckDB vs technicalindicators', () => {
  it('matches every indicator row by row, warm-up NULLs included, across a split and missing days', async () => {
    const result = await readIndicatorColumns(conn, buildIndicatorSelect(duckdbDialect, {}, COMPUTED_AT));
    const errors = new Map<string, ColumnError>();
    for (const [ticker, bars] of barsByTicker) {
      const got = result.get(ticker);
      expect(got?.dates).toEqual(bars.map((b) => b.date));
      const expected = referenceIndicators(bars);
      const { rsi_14_rounded: rounded, ...exact } = expected;
      compareColumns(ticker, got!.columns, exact, errors);
      // The package's own RSI is rounded to 2 decimals; ours must round to within half a cent of it.
      got!.columns.rsi_14!.forEach((v, i) => {
        if (v !== null) expect(Math.abs(v - rounded![i]!)).toBeLessThanOrEqual(0.005 + 1e-9);
      });
    }
    process.stdout.write(
      `max error vs technicalindicators (DuckDB):\n${[...errors.values()]
        .map(
          (e) =>
            `  ${e.column.padEnd(16)} rows=${e.rows} maxAbs=${e.maxAbs.toExponential(2)} maxRel=${e.maxRel.toExponential(2)}`,
        )
        .join('\n')}\n`,
    );
    expectWithinTolerance(errors, 16);
  });

  it('stays within 1e-9 on a 6,000-row series, past where an un-rebased closed form overflows', async () => {
    const bars = randomWalkBars({ ticker: 'LONG', rows: 6000, seed: 44, splitAtRow: 4000, startDate: '1999-01-04' });
    await loadPrices(conn, bars, 'prices_long');
    const result = await readIndicatorColumns(
      conn,
      buildIndicatorSelect(duckdbDialect, { source: 'prices_long' }, COMPUTED_AT),
    );
    const errors = new Map<string, ColumnError>();
    const { rsi_14_rounded: _rounded, ...exact } = referenceIndicators(bars);
    compareColumns('LONG', result.get('LONG')!.columns, exact, errors);
    expectWithinTolerance(errors, 16);
  });

  it('recomputes chosen tickers from a date exactly as a full run does, outputting only those rows', async () => {
    const full = await readIndicatorColumns(conn, buildIndicatorSelect(duckdbDialect, {}, COMPUTED_AT));
    const aaa = barsByTicker.get('AAA')!;
    // Rows 1121 (just past a 560-row block boundary), 1250 (deep in block 2) and 3 (barely any history).
    for (const row of [1121, 1120, 1250, 3]) {
      const fromDate = aaa[row]!.date;
      const part = await readIndicatorColumns(
        conn,
        buildIndicatorSelect(duckdbDialect, { tickers: ['AAA', 'CCC'], fromDate }, COMPUTED_AT),
      );
      expect([...part.keys()].sort()).toEqual(
        fromDate <= barsByTicker.get('CCC')!.at(-1)!.date ? ['AAA', 'CCC'] : ['AAA'],
      );
      for (const [ticker, got] of part) {
        const whole = full.get(ticker)!;
        const offset = whole.dates.findIndex((d) => d >= fromDate);
        expect(got.dates).toEqual(whole.dates.slice(offset));
        for (const [column, values] of Object.entries(got.columns)) {
          values.forEach((v, i) => {
            const w = whole.columns[column]![offset + i]!;
            if (v === null || w === null) expect([column, i, v]).toEqual([column, i, w]);
            else expect([column, i, Math.abs(v - w) <= 1e-12]).toEqual([column, i, true]);
          });
        }
      }
    }
  });

  it('replaces only the touched rows of price_indicators with the recompute statements', async () => {
    const ddlColumns = ['ticker VARCHAR', 'date DATE'];
    const cols = (
      await readIndicatorColumns(conn, buildIndicatorSelect(duckdbDialect, { tickers: ['CCC'] }, COMPUTED_AT))
    ).get('CCC')!.columns;
    ddlColumns.push(...Object.keys(cols).map((c) => `${c} DOUBLE`), 'computed_at TIMESTAMP');
    await conn.run(`CREATE OR REPLACE TABLE price_indicators (${ddlColumns.join(', ')})`);
    const run = async (statements: ReturnType<typeof buildIndicatorRecompute>): Promise<void> => {
      for (const s of statements) await conn.run(duckdbSql(s.sql), duckdbParams(s.params));
    };
    await run(buildIndicatorRecompute(duckdbDialect, {}, COMPUTED_AT));
    const count = async (where: string): Promise<number> =>
      Number(
        (await conn.runAndReadAll(`SELECT COUNT(*) AS n FROM price_indicators WHERE ${where}`)).getRowObjectsJS()[0]!.n,
      );
    expect(await count('TRUE')).toBe(2750);

    const fromDate = barsByTicker.get('BBB')![1290]!.date;
    await conn.run(
      `UPDATE prices_daily SET adj_close = adj_close * 1.01 WHERE ticker = 'BBB' AND date >= DATE '${fromDate}'`,
    );
    await run(buildIndicatorRecompute(duckdbDialect, { tickers: ['BBB'], fromDate }, '2026-02-01T00:00:00.000Z'));
    expect(await count('TRUE')).toBe(2750);
    expect(await count(`computed_at = TIMESTAMP '2026-02-01 00:00:00'`)).toBe(10);
    expect(
      await count(`computed_at = TIMESTAMP '2026-02-01 00:00:00' AND ticker = 'BBB' AND date >= DATE '${fromDate}'`),
    ).toBe(10);
    const fresh = await readIndicatorColumns(
      conn,
      buildIndicatorSelect(duckdbDialect, { tickers: ['BBB'] }, COMPUTED_AT),
    );
    // Window sums are not bit-for-bit reproducible across runs (DuckDB's parallel segment trees add
    // in varying order), so "the same" means within 1e-12 here.
    const stored = (
      await conn.runAndReadAll(`SELECT * FROM price_indicators WHERE ticker = 'BBB' ORDER BY date`)
    ).getRowObjectsJS();
    const want = fresh.get('BBB')!.columns;
    expect(stored).toHaveLength(1300);
    for (const column of ['sma_20', 'macd_signal', 'rsi_14', 'atr_14', 'volatility_20']) {
      stored.forEach((row, i) => {
        const [a, b] = [row[column] as number | null, want[column]![i]!];
        if (a === null || b === null) expect([column, i, a]).toEqual([column, i, b]);
        else expect([column, i, Math.abs(a - b) <= 1e-12]).toEqual([column, i, true]);
      });
    }
  });
});
