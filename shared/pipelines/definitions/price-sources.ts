/**
 * Binds the configured price provider to the prices definition: its Source, its context (HTTP
 * client with base URL and rate limit) and the cursor mapping of PriceSourceBinding.
 *
 * INTERIM: shared/sources/yahoo has wire.ts and normalize.ts but not yet its Source (being written
 * in parallel). Until it lands, `interimYahooSource` below adapts those two files into the Source
 * contract with a one-request-per-range `pages`. Replace it with the provider's own factory; the
 * cursor shape (`YahooRangeCursor`) is all the definition relies on.
 */
import type { HttpClient } from '../../http/client';
import type { PriceBarCandidate } from '../../schemas/price-bar';
import { normalizeYahooChart, type YahooNormalized } from '../../sources/yahoo/normalize';
import { YahooChartWire } from '../../sources/yahoo/wire';
import type { RawPage, Source, SourceContext } from '../../sources/types';
import { ConfigError } from '../../errors';
import type { Logger } from '../../log/types';
import { addDays } from './prices-plan';
import type { PriceSourceBinding } from './prices';
import type { PricesSettings } from './prices-settings';

/** A Yahoo slice cursor: fetch [from, to] of `ticker`; `lastDate` is the last day stored (nextCursor). */
export interface YahooRangeCursor {
  ticker: string;
  from: string;
  to: string;
  lastDate?: string;
}

const DAY_S = 86_400;

function epochSeconds(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 1000;
}

/** The interim Yahoo chart v8 source: one GET per range, the bars whose market open lies in [from, to + 1 day). */
export function interimYahooSource(): Source<YahooRangeCursor, YahooChartWire, PriceBarCandidate, Record<string, never>> {
  return {
    name: 'yahoo',
    wire: YahooChartWire,
    keys: ['ticker', 'date'],
    async *pages(cursor: YahooRangeCursor, ctx: SourceContext<Record<string, never>>): AsyncIterable<RawPage> {
      const query = {
        period1: epochSeconds(cursor.from),
        // Exclusive end: midnight UTC after `to` is before any New York open of the next day.
        period2: epochSeconds(addDays(cursor.to, 1)),
        interval: '1d',
        events: 'div|split',
        includeAdjustedClose: true,
      };
      const response = await ctx.http.request({ path: `/v8/finance/chart/${encodeURIComponent(cursor.ticker)}`, query, headers: { accept: 'application/json' } });
      yield {
        source: 'yahoo',
        request: { method: 'GET', url: response.url, params: { ticker: cursor.ticker, from: cursor.from, to: cursor.to, period1: String(query.period1), period2: String(query.period2) } },
        status: response.status,
        receivedAt: ctx.now().toISOString(),
        body: response.json(),
      };
    },
    normalize: (wire, page) => normalizeYahooChart(wire, { ticker: page.request.params.ticker ?? '' }),
    nextCursor(cursor, rows) {
      let last = cursor.lastDate;
      for (const row of rows) if (last === undefined || row.date > last) last = row.date;
      return last === undefined ? { ...cursor } : { ...cursor, lastDate: last };
    },
  };
}

/** What binding a provider needs from the runtime. */
export interface PriceSourceDeps {
  http(provider: { baseUrl: string; rateLimit?: { requestsPerInterval: number; intervalMs: number } }): HttpClient;
  log: Logger;
  now: () => Date;
}

/**
 * The binding of the configured provider. Throws ConfigError for a provider not wired yet
 * (alpaca and polygon: their Source factories are pending in shared/sources).
 */
export function bindPriceSource(settings: PricesSettings, deps: PriceSourceDeps): PriceSourceBinding<YahooRangeCursor, YahooChartWire, Record<string, never>> {
  if (settings.provider !== 'yahoo') {
    throw new ConfigError(`PRICES_PROVIDER=${settings.provider} is not wired into the prices pipeline yet`, [`PRICES_PROVIDER: ${settings.provider} is not available yet`]);
  }
  const http = deps.http({ baseUrl: settings.yahooBaseUrl, rateLimit: { requestsPerInterval: settings.yahooRequestsPerMinute, intervalMs: 60_000 } });
  return {
    source: interimYahooSource(),
    context: { http, log: deps.log.child({ source: 'yahoo' }), now: deps.now, config: {} },
    cursorFor: (range) => ({ ticker: range.ticker, from: range.from, to: range.to }),
    lastDate: (cursor) => cursor.lastDate,
    splitDates: (normalized) => ((normalized as YahooNormalized).splits ?? []).map((s) => s.date),
  };
}
