/**
 * `query "<sql>"`: one read-only SELECT/WITH statement against the configured warehouse, printed
 * as a table (or JSON rows under `--json`). Table names are the warehouse's own: bare names on
 * DuckDB (`prices_daily`), dataset-qualified on BigQuery (`market_data.prices_daily`).
 */
import type { CliContext } from '../context';
import { checkReadOnlySql } from '../read-only-sql';
import { columnsOf, renderTable } from '../table';
import { EXIT, UsageError } from '../usage';
import { warehouseExists, withWarehouse } from '../warehouse';

/** Options of `query`. */
export interface QueryOptions {
  json?: boolean;
  /** Rows shown in the table (all rows go to `--json`). */
  maxRows: number;
}

/** Checks the SQL before any config is read; UsageError for anything but one read-only query. */
export function prepareQuery(sql: string, options: QueryOptions): (ctx: CliContext) => Promise<number> {
  const verdict = checkReadOnlySql(sql);
  if (!verdict.ok) throw new UsageError(`query refused: ${verdict.reason}`);
  return async (ctx) => {
    if (!warehouseExists(ctx.config)) {
      ctx.io.stderr.write(
        `error: no warehouse yet at ${ctx.config.warehouse.duckdbPath}: run or backfill a pipeline first\n`,
      );
      return EXIT.runFailed;
    }
    const rows = await withWarehouse(ctx, (warehouse) => warehouse.query<Record<string, unknown>>(verdict.sql));
    if (options.json) {
      ctx.io.stdout.write(
        `${JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))}\n`,
      );
      return EXIT.ok;
    }
    const shown = rows.slice(0, options.maxRows);
    ctx.io.stdout.write(renderTable(columnsOf(shown), shown));
    const more = rows.length > shown.length ? ` (showing ${shown.length}; --max-rows or --json for all)` : '';
    ctx.io.stderr.write(`${rows.length} row${rows.length === 1 ? '' : 's'}${more}\n`);
    return EXIT.ok;
  };
}
