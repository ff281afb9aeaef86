/**
 * The BigQuery dialect of the indicator SQL on goccy/bigquery-emulator (started by the integration
 * harness), against the same independent reference as the DuckDB test: every indicator, every row,
 * 1e-9 ABSOLUTE, warm-up NULLs where the reference has no value.
 */
import { BigQuery } from '@google-cloud/bigquery';
import { testEndpoints, uniqueName } from '../../test/harness/endpoints';
import { priceIndicators } from '../warehouse/pipeline-tables';
import { createIndicatorSql } from './index';
import { compareColumns, type ColumnError } from './__fixtures__/compare';
import { loadPricesBigQuery, readIndicatorColumnsBigQuery } from './__fixtures__/bigquery-load';
import { referenceIndicators } from './__fixtures__/reference';
import { randomWalkBars, type Bar } from './__fixtures__/series';

const TOLERANCE = 1e-9;
const COMPUTED_AT = '2026-01-02T03:04:05.000Z';
const SERIES = [
  { ticker: 'AAA', rows: 1300, seed: 11, splitAtRow: 700, splitRatio: 10, risingRows: 18 },
  { ticker: 'BBB', rows: 1300, seed: 22 },
  { ticker: 'CCC', rows: 150, seed: 33, splitAtRow: 60 },
];

let bq: BigQuery;
let dataset: string;
const barsByTicker = new Map<string, Bar[]>();

beforeAll(async () => {
  const { bigqueryApiEndpoint, projectId } = testEndpoints();
  bq = new BigQuery({ projectId, apiEndpoint: bigqueryApiEndpoint });
  dataset = uniqueName('indicators');
  const all = SERIES.flatMap((s) => randomWalkBars(s));
  for (const s of SERIES)
    barsByTicker.set(
      s.ticker,
      all.filter((b) => b.ticker === s.ticker),
    );
  await loadPricesBigQuery(bq, dataset, 'prices_daily', all);
});

afterAll(async () => {
  await bq?.dataset(dataset).delete({ force: true });
});

describe('price_indicators SQL on bigquery-emulator vs technicalindicators', () => {
  it('matches every indicator row by row, warm-up NULLs included', async () => {
    const sql = createIndicatorSql('bigquery', { source: `${dataset}.prices_daily` });
    const result = await readIndicatorColumnsBigQuery(bq, sql.select({}, COMPUTED_AT));
    const errors = new Map<string, ColumnError>();
    for (const [ticker, bars] of barsByTicker) {
      expect(result.get(ticker)?.dates).toEqual(bars.map((b) => b.date));
      const { rsi_14_rounded: _rounded, ...exact } = referenceIndicators(bars);
      compareColumns(ticker, result.get(ticker)!.columns, exact, errors);
    }
    process.stdout.write(
      `max error vs technicalindicators (bigquery-emulator):\n${[...errors.values()]
        .map(
          (e) =>
            `  ${e.column.padEnd(16)} rows=${e.rows} maxAbs=${e.maxAbs.toExponential(2)} maxRel=${e.maxRel.toExponential(2)}`,
        )
        .join('\n')}\n`,
    );
    expect(errors.size).toBe(16);
    for (const e of errors.values()) {
      expect({ column: e.column, nullMismatches: e.nullMismatches.slice(0, 5), ok: e.maxAbs <= TOLERANCE }).toEqual({
        column: e.column,
        nullMismatches: [],
        ok: true,
      });
    }
  });

  it('recomputes chosen tickers from a date in place: DELETE + INSERT through @tickers and @from_date', async () => {
    const target = `${dataset}.price_indicators`;
    await bq.dataset(dataset).createTable('price_indicators', {
      schema: {
        fields: priceIndicators.columns.map(({ name, type, required }) => ({
          name,
          type,
          mode: required ? 'REQUIRED' : 'NULLABLE',
        })),
      },
      timePartitioning: { type: 'DAY', field: priceIndicators.partitionField },
      clustering: { fields: [...(priceIndicators.clustering ?? [])] },
    });
    const sql = createIndicatorSql('bigquery', { source: `${dataset}.prices_daily`, target });
    const run = async (statements: { sql: string; params: Record<string, string | string[]> }[]): Promise<void> => {
      for (const s of statements) await bq.query({ query: s.sql, params: s.params });
    };
    const count = async (where: string): Promise<number> => {
      const [rows] = await bq.query({ query: `SELECT COUNT(*) AS n FROM ${target} WHERE ${where}` });
      return Number((rows as { n: number }[])[0]!.n);
    };
    await run(sql.recompute({}, COMPUTED_AT));
    expect(await count('TRUE')).toBe(2750);

    const fromDate = barsByTicker.get('AAA')![1121]!.date;
    await run(sql.recompute({ tickers: ['AAA'], fromDate }, '2026-02-01T00:00:00.000Z'));
    expect(await count('TRUE')).toBe(2750);
    expect(await count(`computed_at = TIMESTAMP '2026-02-01 00:00:00+00'`)).toBe(1300 - 1121);
    expect(
      await count(`computed_at = TIMESTAMP '2026-02-01 00:00:00+00' AND ticker = 'AAA' AND date >= DATE '${fromDate}'`),
    ).toBe(1300 - 1121);

    const [stored] = await bq.query({
      query: `SELECT date, macd_signal, rsi_14, atr_14 FROM ${target} WHERE ticker = 'AAA' ORDER BY date`,
    });
    const full = (await readIndicatorColumnsBigQuery(bq, sql.select({ tickers: ['AAA'] }, COMPUTED_AT))).get('AAA')!;
    expect(stored).toHaveLength(1300);
    for (const column of ['macd_signal', 'rsi_14', 'atr_14']) {
      (stored as Record<string, number | null>[]).forEach((row, i) => {
        const [a, b] = [row[column]!, full.columns[column]![i]!];
        if (a === null || b === null) expect([column, i, a]).toEqual([column, i, b]);
        else expect([column, i, Math.abs(a - b) <= 1e-12]).toEqual([column, i, true]);
      });
    }
  });
});
