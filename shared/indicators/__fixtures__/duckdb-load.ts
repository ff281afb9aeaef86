/**
 * Loads fixture bars into an in-memory DuckDB `prices_daily` and reads indicator rows back as
 * plain columns per ticker. Test support only.
 */
import { rewriteNamedParams } from '../../warehouse/named-params';
import type { DuckDBConnection } from '@duckdb/node-api';
import { dateValue, listValue } from '@duckdb/node-api';
import type { SqlStatement } from '../compute-sql';
import type { Column } from './reference';
import type { Bar } from './series';

/** The prices_daily columns the indicator SQL reads, plus the ones it must ignore. */
export async function loadPrices(conn: DuckDBConnection, bars: readonly Bar[], table = 'prices_daily'): Promise<void> {
  await conn.run(
    `CREATE OR REPLACE TABLE ${table} (ticker VARCHAR, date DATE, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE,
     adj_close DOUBLE, volume BIGINT, source VARCHAR, ingested_at TIMESTAMP)`,
  );
  const appender = await conn.createAppender(table);
  for (const b of bars) {
    appender.appendVarchar(b.ticker);
    appender.appendDate(dateValue(Date.parse(`${b.date}T00:00:00Z`) / 86_400_000));
    for (const v of [b.open, b.high, b.low, b.close, b.adj_close]) appender.appendDouble(v);
    appender.appendBigInt(BigInt(b.volume));
    appender.appendVarchar('yahoo');
    appender.appendNull();
    appender.endRow();
  }
  appender.closeSync();
}

/** Both dialects are written with @name (the warehouse rewrites it for DuckDB); a raw connection needs $name. */
export function duckdbSql(sql: string): string {
  return rewriteNamedParams(sql, (name) => `$${name}`).sql;
}

/** DuckDB's node API needs list parameters wrapped; our statements carry plain arrays. */
export function duckdbParams(params: SqlStatement['params']): Record<string, ReturnType<typeof listValue> | string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? listValue(v) : v]));
}

/** Rows of an indicator query as { ticker -> { column -> values in date order } } plus dates. */
export async function readIndicatorColumns(
  conn: DuckDBConnection,
  statement: SqlStatement,
): Promise<Map<string, { dates: string[]; columns: Record<string, Column> }>> {
  const reader = await conn.runAndReadAll(
    `SELECT * REPLACE (CAST(date AS VARCHAR) AS date, CAST(computed_at AS VARCHAR) AS computed_at) FROM (${duckdbSql(statement.sql)}) ORDER BY ticker, date`,
    duckdbParams(statement.params),
  );
  const out = new Map<string, { dates: string[]; columns: Record<string, Column> }>();
  for (const row of reader.getRowObjectsJS()) {
    const ticker = String(row.ticker);
    const entry = out.get(ticker) ?? { dates: [], columns: {} };
    entry.dates.push(String(row.date));
    for (const [k, v] of Object.entries(row)) {
      if (k === 'ticker' || k === 'date' || k === 'computed_at') continue;
      (entry.columns[k] ??= []).push(v === null ? null : Number(v));
    }
    out.set(ticker, entry);
  }
  return out;
}
