/** What every provider route of the replay server shares. */
import type { NullField } from '../faults';
import type { SeriesBar, SeriesOptions, SplitSpec } from '../price-series';
import type { ReplayProvider } from '../request-log';

/** A parsed request as routes see it. */
export interface ReplayRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** An answer, before any fault reshapes it. */
export interface ReplayAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The credentials the server accepts; tests read them from the server handle. */
export interface ReplayCredentials {
  alpaca: { keyId: string; secretKey: string };
  polygon: { apiKey: string };
}

/** Memoized New York clock (every provider here is a US market source). */
export interface NyClock {
  /** Epoch seconds of 09:30 New York on `date` (Yahoo's daily timestamp). */
  marketOpenS(date: string): number;
  /** Epoch ms of 00:00 New York on `date` (Alpaca's and Polygon's daily timestamp). */
  midnightMs(date: string): number;
  /** 'YYYY-MM-DD' in New York of an instant, or null. */
  dateOf(epochMs: number): string | null;
  /** Offset from UTC in minutes at an instant. */
  offsetMinutes(epochMs: number): number;
}

/** Everything a route needs from the server. */
export interface RouteContext {
  baseUrl: string;
  today: string;
  series: Required<Pick<SeriesOptions, 'seed' | 'holidays' | 'splits'>>;
  credentials: ReplayCredentials;
  unknownTickers: ReadonlySet<string>;
  /** Polygon answers 403 NOT_AUTHORIZED for ranges starting before this date (a plan limit), if set. */
  polygonHistoryStart: string | undefined;
  clock: NyClock;
  nullsFor(ticker: string, date: string): readonly NullField[] | undefined;
  /** Traded bars of `ticker` in [from, to], clamped to `today`. */
  bars(ticker: string, from: string, to: string): SeriesBar[];
  /** The same, split-adjusted as known on `today`. */
  adjustedBars(ticker: string, from: string, to: string): SeriesBar[];
  split(ticker: string): SplitSpec | undefined;
}

/** One provider's endpoints and error bodies. */
export interface ProviderRoute {
  provider: Exclude<ReplayProvider, 'unknown'>;
  handles(path: string): boolean;
  answer(request: ReplayRequest, ctx: RouteContext): ReplayAnswer;
  rateLimited(retryAfterS: number, ctx: RouteContext, request: ReplayRequest): ReplayAnswer;
  serverError(status: number, ctx: RouteContext, request: ReplayRequest): ReplayAnswer;
}

/** A JSON answer. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): ReplayAnswer {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** A deterministic 32-hex-digit id for a request (Polygon's request_id), so two servers answer alike. */
export function requestId(pathAndQuery: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < pathAndQuery.length; i++) {
    a = Math.imul(a ^ pathAndQuery.charCodeAt(i), 0x01000193);
    b = Math.imul(b ^ pathAndQuery.charCodeAt(i), 0x5bd1e995);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return hex(a) + hex(b) + hex(a ^ b) + hex(Math.imul(a, b));
}
