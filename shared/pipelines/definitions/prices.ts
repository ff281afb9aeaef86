/**
 * The prices pipeline: a price source -> `prices_daily` (MERGE on ticker+date), then indicators
 * recomputed for the touched tickers from their earliest touched day into `price_indicators`.
 * Incremental runs re-read a lag window before each ticker's cursor; backfills slice every ticker
 * into month ranges; a split newer than a ticker's stored data re-fetches its whole history.
 */
import { createIndicatorSql } from '../../indicators';
import { checkPriceBatch, type PriceBar, type PriceBarCandidate } from '../../schemas/price-bar';
import { createTradingDateFormatter, NEW_YORK } from '../../schemas/trading-date';
import type { Normalized, Source, SourceContext } from '../../sources/types';
import { priceIndicators } from '../../warehouse/pipeline-tables';
import { pricesDaily } from '../../warehouse/tables';
import type { Warehouse } from '../../warehouse/types';
import type { PipelineDefinition, Slice, TouchedScopes } from '../types';
import { planBackfill, planIncremental, splitRefetch, type PriceRange } from './prices-plan';
import type { PricesSettings } from './prices-settings';

/**
 * What the prices definition needs to know about a price source beyond the Source contract: how
 * a ticker's date range becomes its cursor, the last stored day a cursor vouches for, and the
 * split dates a normalized page announces.
 */
export interface PriceSourceBinding<Cursor, Wire, Config> {
  source: Source<Cursor, Wire, PriceBarCandidate, Config>;
  context: SourceContext<Config>;
  /** The cursor that makes `source.pages` fetch exactly [range.from, range.to] of range.ticker. */
  cursorFor(range: PriceRange): Cursor;
  /** The last trading day a stored cursor covers, or undefined when it covers none. */
  lastDate(cursor: Cursor): string | undefined;
  /** Trading dates of the splits a normalized page reports (empty when the source has none). */
  splitDates(normalized: Normalized<PriceBarCandidate>): string[];
}

/** The indicators step: one DELETE + INSERT per group of tickers sharing their earliest touched day. */
export async function recomputeIndicators(warehouse: Warehouse, touched: TouchedScopes, computedAt: string): Promise<number> {
  // DuckDB's tableRef is a quoted identifier the indicator SQL's name check rejects; its plain
  // names resolve the same in the one schema it uses.
  const ref = (name: string) => (warehouse.kind === 'duckdb' ? name : warehouse.tableRef(name));
  const sql = createIndicatorSql(warehouse.kind, { source: ref(pricesDaily.name), target: ref(priceIndicators.name) });
  const byFrom = new Map<string, string[]>();
  for (const [ticker, { from }] of touched) byFrom.set(from, [...(byFrom.get(from) ?? []), ticker]);
  let statements = 0;
  for (const [fromDate, tickers] of [...byFrom].sort(([a], [b]) => a.localeCompare(b))) {
    for (const statement of sql.recompute({ tickers: tickers.sort(), fromDate }, computedAt)) {
      await warehouse.query(statement.sql, statement.params);
      statements += 1;
    }
  }
  return statements;
}

/** Builds the prices definition over one bound price source and the prices settings. */
export function createPricesDefinition<Cursor, Wire, Config>(
  binding: PriceSourceBinding<Cursor, Wire, Config>,
  settings: Pick<PricesSettings, 'watchlist' | 'backfillFrom' | 'lagDays' | 'sliceMonths'>,
): PipelineDefinition<Cursor, Wire, PriceBarCandidate, PriceBar, Config> {
  const dateInNewYork = createTradingDateFormatter(NEW_YORK);
  const toSlice = (range: PriceRange): Slice<Cursor> => ({ id: range.id, scope: range.ticker, cursor: binding.cursorFor(range), from: range.from, to: range.to });
  const later = (a: Cursor | undefined, b: Cursor): Cursor => {
    const dayA = a === undefined ? undefined : binding.lastDate(a);
    const dayB = binding.lastDate(b);
    return dayA !== undefined && (dayB === undefined || dayA >= dayB) ? a! : b;
  };
  return {
    name: 'prices',
    source: binding.source,
    sourceContext: binding.context,
    table: pricesDaily,
    tables: [pricesDaily, priceIndicators],
    today: (now) => dateInNewYork(now.getTime()) ?? now.toISOString().slice(0, 10),
    resolve(request, today) {
      const scopes = request.scopes ?? settings.watchlist;
      if (request.mode !== 'backfill') return { ...request, scopes };
      const to = request.to === undefined || request.to > today ? today : request.to;
      return { ...request, scopes, from: request.from ?? settings.backfillFrom, to };
    },
    plan(request, cursors, today) {
      const tickers = request.scopes ?? settings.watchlist;
      if (request.mode === 'backfill') return planBackfill(tickers, request.from!, request.to!, settings.sliceMonths).map(toSlice);
      const lastDates = new Map<string, string>();
      for (const [ticker, cursor] of cursors) {
        const last = binding.lastDate(cursor);
        if (last !== undefined) lastDates.set(ticker, last);
      }
      return planIncremental(tickers, lastDates, { today, lagDays: settings.lagDays, backfillFrom: settings.backfillFrom }).map(toSlice);
    },
    validate: (rows, today) => checkPriceBatch(rows, { today }),
    toWarehouseRow: (bar, ingestedAt) => ({ ...bar, ingested_at: ingestedAt }),
    // A backfill of an old range must never move a ticker's cursor back.
    advance: (stored, next) => later(stored, next),
    followUp(outcome, today) {
      if (outcome.slice.id.endsWith(':split')) return [];
      const splits = outcome.pages.flatMap((p) => binding.splitDates(p.normalized));
      const before = outcome.before === undefined ? undefined : binding.lastDate(outcome.before);
      const refetch = splitRefetch(outcome.slice.scope, splits, before, { today, backfillFrom: settings.backfillFrom });
      return refetch === undefined ? [] : [toSlice(refetch)];
    },
    async afterRun(touched, deps) {
      const statements = await recomputeIndicators(deps.warehouse, touched, deps.now().toISOString());
      deps.log.info('indicators recomputed', { tickers: touched.size, statements });
    },
  };
}
