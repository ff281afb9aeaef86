/**
 * The Source contract (docs/architecture.md, "Layers"): what the run loop (`shared/pipelines/loop/run.ts`) needs from any
 * provider, and the context a provider receives. Types only; each `sources/<provider>/index.ts`
 * exports a `create*Source(...)` factory returning a `Source`.
 *
 * Flow per page: `pages` -> pipeline stores the RawPage in the lake -> `wire.safeParse(page.body)`
 * -> `normalize` -> pipeline validates each row against the data contract (quarantining failures)
 * -> warehouse MERGE on `keys` -> `nextCursor`.
 */
import type { z } from 'zod';
import type { Logger } from '../log/types';
import type { ValidationIssue } from '../schemas/quarantine';

/** A query value: arrays repeat the parameter; undefined and null leave it out. */
export type SourceQuery = Readonly<
  Record<string, string | number | boolean | null | undefined | readonly (string | number | boolean)[]>
>;

/** One request. `path` is relative to the client's base URL, or an absolute URL on its origin (a `next_url`). */
export interface SourceHttpRequest {
  method?: string;
  path: string;
  query?: SourceQuery;
  /** Extra headers (Accept, per-request auth); never logged. */
  headers?: Readonly<Record<string, string>>;
  /** Sent as a JSON body (GraphQL providers). */
  json?: unknown;
  /** Per-attempt timeout override, in ms. */
  timeoutMs?: number;
  /** Retry count override (0: must not repeat). */
  maxRetries?: number;
  signal?: AbortSignal;
}

/** A successful (2xx) answer, fully read. */
export interface SourceHttpResponse {
  status: number;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string>>;
  /** The request URL with credentials redacted: safe for `RawPage.request.url`. */
  url: string;
  text(): string;
  /** @throws when the body is not JSON (terminal). */
  json<T = unknown>(): T;
}

/**
 * The HTTP surface a source uses: the subset of `shared/http`'s `HttpClient` a source needs,
 * declared structurally so a fake-free test client or another transport can stand in. The client
 * applies the provider's base URL, auth headers, rate limit and the shared retry policy, and
 * rejects with AuthError (401/403), HttpError (other non-2xx; retriable for 408/429/5xx) or
 * NetworkError once retries are spent. (sources/types.test.ts checks HttpClient satisfies it.)
 */
export interface SourceHttp {
  request(request: SourceHttpRequest): Promise<SourceHttpResponse>;
  /** GET `path` with `accept: application/json` and parse the body. */
  getJson<T = unknown>(path: string, query?: SourceQuery): Promise<T>;
}

/** A credential revealed only where it leaves the process (shared/config's `Secret` satisfies it). */
export interface RevealableSecret {
  reveal(): string;
}

/** Everything a source may use; a source reads no environment variables, clock or global. */
export interface SourceContext<Config = unknown> {
  http: SourceHttp;
  log: Logger;
  /** The clock, injected so tests and backfills can pin "today". */
  now: () => Date;
  /** The source's own slice of the loaded config (base URL, keys, limits). */
  config: Config;
}

/** One provider answer as received, kept verbatim in `raw/<source>/...`; no secrets in `request`. */
export interface RawPage {
  source: string;
  request: {
    method: string;
    /** The URL without secrets (Polygon's apiKey is stripped before it gets here). */
    url: string;
    /** What the page is about, for normalize and the lake (e.g. { ticker, from, to, adjustment }). */
    params: Readonly<Record<string, string>>;
  };
  status: number;
  /** ISO-8601 instant the answer arrived (from `ctx.now()`). */
  receivedAt: string;
  /** The parsed JSON body, still untrusted until `wire` parses it. */
  body: unknown;
}

/** A record that normalize could not even map to a row (e.g. an unparseable timestamp). */
export interface RecordProblem {
  /** Where in the page, as a dot path ('bars.AAPL.3', 'results.12'). */
  path: string;
  record: unknown;
  issues: ValidationIssue[];
}

/**
 * What `normalize` returns for one page. Accounting: records in the page =
 * rows.length + problems.length + the sum of `skipped`. Rows are candidates: the pipeline still
 * validates each one against the data contract.
 */
export interface Normalized<Row> {
  rows: Row[];
  problems: RecordProblem[];
  /** Records deliberately dropped, by reason (e.g. { no_trade: 3 } for Yahoo all-null slots). */
  skipped: Record<string, number>;
}

/**
 * A provider as the run loop sees it.
 * - `Cursor`: where the last run got to (e.g. per-ticker last date); serialisable JSON.
 * - `Wire`: the provider's documented response shape, as parsed by `wire`.
 * - `Row`: candidate rows in the data contract's shape (values may still be invalid).
 */
export interface Source<Cursor, Wire, Row, Config = unknown> {
  /** Stable name, used in lake paths (`raw/<name>/...`) and the run ledger. */
  readonly name: string;
  /** The pages to fetch from `cursor` on, lazily, one HTTP answer each (paging via shared/http). */
  pages(cursor: Cursor, ctx: SourceContext<Config>): AsyncIterable<RawPage>;
  /** zod schema of one page body. */
  readonly wire: z.ZodType<Wire>;
  /** Pure mapping from a parsed page to candidate rows; `page` gives the request params. */
  normalize(wire: Wire, page: RawPage): Normalized<Row>;
  /** Pure: the cursor after `rows` (the valid rows of a slice) were stored. */
  nextCursor(cursor: Cursor, rows: readonly Row[]): Cursor;
  /** The natural key of `Row`, for the warehouse MERGE. */
  readonly keys: readonly (keyof Row & string)[];
}
