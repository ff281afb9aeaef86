/**
 * Errors of the price sources beyond shared/errors' HTTP family. All are IngestErrors, so the
 * run ledger records class and `retriable`, and the retrier reads only that flag.
 */
import { IngestError } from '../../errors';

/**
 * The provider does not know the symbol (Yahoo: 404 `chart.error` 'Not Found'; Alpaca, Polygon:
 * no bars where a listed symbol must have some). Terminal for that ticker: a human must fix the
 * watchlist. `context`: { source, ticker, from, to }.
 */
export class UnknownTickerError extends IngestError {
  readonly ticker: string;
  constructor(message: string, context: { source: string; ticker: string; from: string; to: string }, cause?: unknown) {
    super(message, { retriable: false, cause, context });
    this.ticker = context.ticker;
  }
}

/**
 * A 2xx answer that reports an error in its body (Yahoo `chart.error`, Polygon `status: 'ERROR'`).
 * Terminal: the same request would get the same answer.
 */
export class PriceProviderError extends IngestError {}

/** One failed range of a multi-range `pages` call. */
export interface PriceRangeFailure {
  tickers: readonly string[];
  from: string;
  to: string;
  error: unknown;
}

/**
 * Several ranges of one `pages` call failed (the others were still fetched). Retriable when any
 * failure is; `failures` keeps each error; the message names each ticker and its error.
 */
export class PriceFetchFailures extends IngestError {
  readonly failures: readonly PriceRangeFailure[];
  constructor(source: string, failures: readonly PriceRangeFailure[]) {
    const lines = failures.map(
      (f) =>
        `${f.tickers.join(',')} ${f.from}..${f.to}: ${f.error instanceof Error ? f.error.message : String(f.error)}`,
    );
    super(`${source}: ${failures.length} ranges failed: ${lines.join('; ')}`, {
      retriable: failures.some((f) => f.error instanceof IngestError && f.error.retriable),
      cause: failures[0]?.error,
      context: { source, tickers: [...new Set(failures.flatMap((f) => f.tickers))] },
    });
    this.failures = failures;
  }
}
