/**
 * Assembles the `price_indicators` query for one dialect from the family generators in `sql/`.
 * Pure string building: no I/O, no clock (the caller passes `computedAt`).
 */
import type { IndicatorParams } from '../schemas/indicator-columns';
import { INDICATOR_PARAMS, indicatorColumns } from '../schemas/indicator-columns';
import { atrSql } from './sql/atr';
import { bollingerSql } from './sql/bollinger';
import type { SqlDialect } from './sql/dialect';
import { emaMacdSql } from './sql/ema-macd';
import type { FamilySql } from './sql/family';
import { blockRowsFor } from './sql/recursive-average';
import { returnsSql } from './sql/returns';
import { rsiSql } from './sql/rsi';
import { smaSql } from './sql/sma';
import { volatilitySql } from './sql/volatility';

/** Which rows to (re)compute. Both fields optional: omitted means every ticker / every date. */
export interface IndicatorScope {
  /** Tickers to compute; bound as the array parameter `tickers`. Must be non-empty when given. */
  tickers?: readonly string[];
  /** First date 'YYYY-MM-DD' to output; bound as `from_date`. Earlier rows are read, not output. */
  fromDate?: string;
}

/** Table names and parameter overrides; names may be qualified (`dataset.table`, `` `p.d.t` ``). */
export interface IndicatorSqlOptions extends IndicatorScope {
  source?: string;
  target?: string;
  /** Indicator periods; default `INDICATOR_PARAMS` (the table's columns are named after them). */
  params?: IndicatorParams;
}

/** One statement and the named parameter values it uses (and only those: DuckDB rejects extras). */
export interface SqlStatement {
  sql: string;
  params: Record<string, string | string[]>;
}

/**
 * How much history a partial recompute reads, in blocks before the block of the first output row
 * (from_blk). A recursion in block g reads its input in blocks g-1 and g; the MACD signal's input
 * (the MACD line) is itself a recursion, so an output row in from_blk needs prices from block
 * from_blk - 2 on, plus one earlier row for the previous close. Windows (SMA 200) reach back less
 * than one block. Rows read this way give the same values as a full recompute (tested to 1e-12).
 */
const LOOKBACK_BLOCKS = 2;

const IDENTIFIER = /^[`A-Za-z0-9_.-]+$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkScope(scope: IndicatorScope, source: string, target: string): void {
  for (const name of [source, target]) {
    if (!IDENTIFIER.test(name)) throw new RangeError(`not a table name: ${JSON.stringify(name)}`);
  }
  if (scope.tickers !== undefined && scope.tickers.length === 0) {
    throw new RangeError('tickers must be non-empty when given; omit it to compute every ticker');
  }
  if (scope.fromDate !== undefined && !ISO_DATE.test(scope.fromDate)) {
    throw new RangeError(`fromDate must be YYYY-MM-DD: ${JSON.stringify(scope.fromDate)}`);
  }
}

/** Every family, in output-column order (the order of `indicatorColumns`). */
export function indicatorFamilies(p: IndicatorParams, blockRows: number): FamilySql[] {
  const ctx = { blockRows };
  return [
    returnsSql(),
    smaSql(p.sma),
    emaMacdSql(p.ema, p.macd, ctx),
    rsiSql(p.rsi, ctx),
    bollingerSql(p.bollinger),
    atrSql(p.atr, ctx),
    volatilitySql(p.volatility),
  ];
}

/** Every smoothing factor the recursions use, for `blockRowsFor`. */
export function recursionAlphas(p: IndicatorParams): number[] {
  return [...p.ema, p.macd.fast, p.macd.slow, p.macd.signal]
    .map((n) => 2 / (n + 1))
    .concat([1 / p.rsi.period, 1 / p.atr.period]);
}

/** The alias of a complete select item `expr AS alias`; throws for an item without one (a bug). */
function aliasOf(item: string): string {
  const m = /\sAS\s+([A-Za-z_][A-Za-z0-9_]*)$/.exec(item);
  if (!m) throw new RangeError(`select item without an alias: ${item}`);
  return m[1]!;
}

/** `SELECT *, items FROM from`, or for totals: the rows joined to their previous block's aggregates. */
function stageSql(key: keyof FamilySql, from: string, items: string[]): string {
  if (key !== 'totals' && key !== 'totals2') return `  SELECT *,\n    ${items.join(',\n    ')}\n  FROM ${from}`;
  return (
    `  SELECT p.*, ${items.map((i) => `t.${aliasOf(i)}`).join(', ')}\n  FROM ${from} p LEFT JOIN (\n` +
    `    SELECT ticker AS t_ticker, blk + 1 AS t_blk,\n      ${items.join(',\n      ')}\n` +
    `    FROM ${from} GROUP BY ticker, blk\n  ) t ON t.t_ticker = p.ticker AND t.t_blk = p.blk`
  );
}

/**
 * The SELECT producing `price_indicators` rows (ticker, date, one column per indicator,
 * computed_at) for `scope`, in `dialect`. Parameters: `computed_at` (ISO timestamp) always,
 * `tickers` and `from_date` when the scope names them. Throws RangeError on a bad scope or name.
 */
export function buildIndicatorSelect(
  dialect: SqlDialect,
  options: IndicatorSqlOptions,
  computedAt: string,
): SqlStatement {
  const { source = 'prices_daily', target = 'price_indicators', params: p = INDICATOR_PARAMS } = options;
  checkScope(options, source, target);
  const k = blockRowsFor(recursionAlphas(p));
  const families = indicatorFamilies(p, k);
  const params: SqlStatement['params'] = { computed_at: computedAt };
  const where: string[] = [];
  if (options.tickers) {
    params.tickers = [...options.tickers];
    where.push(dialect.inArrayParam('ticker', 'tickers'));
  }
  const ctes: string[] = [
    `numbered AS (\n  SELECT ticker, date, COALESCE(adj_close, close) AS price,\n` +
      `    high * (COALESCE(adj_close, close) / close) AS adj_high,\n` +
      `    low * (COALESCE(adj_close, close) / close) AS adj_low,\n` +
      `    ROW_NUMBER() OVER (PARTITION BY ticker ORDER BY date) - 1 AS rn\n` +
      `  FROM ${source}${where.length ? `\n  WHERE ${where.join(' AND ')}` : ''}\n)`,
  ];
  let baseFrom = 'numbered n';
  let outputWhere = '';
  if (options.fromDate) {
    params.from_date = options.fromDate;
    ctes.push(
      `from_rows AS (\n  SELECT ticker, MIN(rn) AS from_rn FROM numbered\n` +
        `  WHERE date >= CAST(${dialect.param('from_date')} AS DATE) GROUP BY ticker\n)`,
    );
    baseFrom =
      `numbered n JOIN from_rows f ON f.ticker = n.ticker\n` +
      `  WHERE n.rn >= (${dialect.intDiv('f.from_rn', String(k))} - ${LOOKBACK_BLOCKS}) * ${k} - 1`;
    outputWhere = '\nWHERE rn >= from_rn';
  }
  ctes.push(
    `base AS (\n  SELECT n.ticker, n.date, n.price, n.adj_high, n.adj_low, n.rn,${options.fromDate ? ' f.from_rn,' : ''}\n` +
      `    ${dialect.intDiv('n.rn', String(k))} AS blk,\n` +
      `    LAG(n.price) OVER (PARTITION BY n.ticker ORDER BY n.rn) AS prev_price\n  FROM ${baseFrom}\n)`,
  );
  let last = 'base';
  for (const key of ['series', 'totals', 'windows', 'values', 'totals2', 'windows2'] as const) {
    const items = families.flatMap((f) => f[key] ?? []);
    if (items.length === 0) continue;
    ctes.push(`s_${key} AS (\n${stageSql(key, last, items)}\n)`);
    last = `s_${key}`;
  }
  const output = families.flatMap((f) => f.output);
  const sql =
    `WITH ${ctes.join(',\n')}\n` +
    `SELECT ticker, date,\n  ${output.join(',\n  ')},\n  CAST(${dialect.param('computed_at')} AS TIMESTAMP) AS computed_at\n` +
    `FROM ${last}${outputWhere}`;
  return { sql, params };
}

/** The column list of `price_indicators` in the order `buildIndicatorSelect` produces it. */
export function indicatorOutputColumns(p: IndicatorParams = INDICATOR_PARAMS): string[] {
  return ['ticker', 'date', ...indicatorColumns(p).map((c) => c.name), 'computed_at'];
}

/**
 * Recompute `scope` in place: [DELETE the target rows of those tickers from `fromDate` on,
 * INSERT the fresh SELECT]. Rows before `fromDate` are left alone. The two statements are not one
 * transaction; a crash between them leaves a hole that rerunning the same scope fills.
 */
export function buildIndicatorRecompute(
  dialect: SqlDialect,
  options: IndicatorSqlOptions,
  computedAt: string,
): SqlStatement[] {
  const target = options.target ?? 'price_indicators';
  const select = buildIndicatorSelect(dialect, options, computedAt);
  const where: string[] = [];
  const delParams: SqlStatement['params'] = {};
  if (options.tickers) {
    where.push(dialect.inArrayParam('ticker', 'tickers'));
    delParams.tickers = [...options.tickers];
  }
  if (options.fromDate) {
    where.push(`date >= CAST(${dialect.param('from_date')} AS DATE)`);
    delParams.from_date = options.fromDate;
  }
  const columns = indicatorOutputColumns(options.params).join(', ');
  return [
    { sql: `DELETE FROM ${target} WHERE ${where.length ? where.join(' AND ') : 'TRUE'}`, params: delParams },
    { sql: `INSERT INTO ${target} (${columns})\n${select.sql}`, params: select.params },
  ];
}
