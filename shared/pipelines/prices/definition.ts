/**
 * The prices pipeline: a price source -> `prices_daily` (MERGE on ticker+date), then indicators
 * recomputed for the touched tickers from their earliest touched day into `price_indicators`.
 * Provider-neutral: every price source shares shared/sources/prices' `PriceCursor` (per ticker the
 * first and last stored day; a slice's cursor carries the one range it fetches in `fetch`), and
 * fetches exactly that range; the planning is this pipeline's, in plan.ts: incremental runs
 * re-read a lag window of trading days before each ticker's cursor, backfills slice every ticker
 * into month ranges, and a split newer than a ticker's stored data re-fetches its stored history
 * (follow-up slices).
 */
import { createIndicatorSql } from '../../indicators';
import { checkPriceBatch, type PriceBar, type PriceBarCandidate } from '../../schemas/price-bar';
import { createTradingDateFormatter, NEW_YORK } from '../../schemas/trading-date';
import { mergePriceCursors, type PriceCursor } from '../../sources/prices/cursor';
import type { PriceSourceSetup } from '../../sources/prices/registry';
import type { Normalized } from '../../sources/types';
import { priceIndicators } from '../../warehouse/pipeline-tables';
import { pricesDaily } from '../../warehouse/tables';
import type { Warehouse } from '../../warehouse/types';
import type { BoundSource } from '../loop/bound-source';
import type { PipelineDefinition, TouchedScopes } from '../loop/types';
import { planPrices, planSplitRefetch, type PricePlanSettings, type SplitEvent } from './plan';

/**
 * A price source ready to run: the provider's Source (over the shared PriceCursor) bound to the
 * context it was built for, and the config slice it was bound with (the provider's own type).
 */
export interface PriceSourceBinding {
  readonly source: BoundSource<PriceCursor, PriceBarCandidate>;
  readonly config: PriceSourceSetup['config'];
}

/** The splits a normalized page reports: Yahoo's `splits` extra; none for sources without it. */
export function splitsOf(normalized: Normalized<PriceBarCandidate>): SplitEvent[] {
  const splits = (normalized as { splits?: unknown }).splits;
  return Array.isArray(splits)
    ? splits.filter((s): s is SplitEvent => typeof s?.ticker === 'string' && typeof s?.date === 'string')
    : [];
}

/** The indicators step: one DELETE + INSERT per group of tickers sharing their earliest touched day. */
export async function recomputeIndicators(
  warehouse: Warehouse,
  touched: TouchedScopes,
  computedAt: string,
): Promise<number> {
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
export function createPricesDefinition(
  binding: PriceSourceBinding,
  settings: PricePlanSettings,
): PipelineDefinition<PriceCursor, PriceBarCandidate, PriceBar> {
  const dateInNewYork = createTradingDateFormatter(NEW_YORK);
  return {
    name: 'prices',
    source: binding.source,
    table: pricesDaily,
    tables: [pricesDaily, priceIndicators],
    today: (now) => dateInNewYork(now.getTime()) ?? now.toISOString().slice(0, 10),
    resolve(request, today) {
      const scopes = request.scopes ?? settings.watchlist;
      if (request.mode !== 'backfill') return { ...request, scopes };
      const to = request.to === undefined || request.to > today ? today : request.to;
      return { ...request, scopes, from: request.from ?? settings.backfillFrom, to };
    },
    plan: (request, cursors, today) => planPrices(request, cursors, today, settings),
    validate: (rows, today) => checkPriceBatch(rows, { today }),
    // A literal, not a spread: one row per bar on the backfill hot path, and `satisfies` keeps
    // every PriceBar field listed when the contract grows.
    toWarehouseRow: (bar, ingestedAt) =>
      ({
        ticker: bar.ticker,
        date: bar.date,
        open: bar.open,
        high: bar.high,
        low: bar.low,
        close: bar.close,
        adj_close: bar.adj_close,
        volume: bar.volume,
        source: bar.source,
        ingested_at: ingestedAt,
      }) satisfies Record<keyof PriceBar | 'ingested_at', unknown>,
    // Per ticker the later lastDate and earlier firstDate: a backfill of an old range never moves a cursor back.
    advance: (stored, next) => mergePriceCursors(stored, next),
    followUp(outcome) {
      // A re-fetch ends before the split it was for, so it cannot call for another; never chain.
      if (outcome.slice.cursor.fetch?.some((range) => range.reason === 'split')) return [];
      const splits = outcome.pages
        .flatMap((p) => splitsOf(p.normalized))
        .filter((s) => s.ticker === outcome.slice.scope);
      return planSplitRefetch(outcome.before, splits, settings);
    },
    async afterRun(touched, deps) {
      const statements = await recomputeIndicators(deps.warehouse, touched, deps.now().toISOString());
      deps.log.info('indicators recomputed', { tickers: touched.size, statements });
    },
  };
}
