/**
 * Test helpers for the price sources (used by *.test.ts only): the cursor a run loop hands a
 * source, a logger and a sleep that record what they were given, and a page collector that keeps
 * what came before a failure.
 */
import type { Logger, LogFields } from '../../../log/types';
import type { ZodType } from 'zod';
import type { Normalized, RawPage } from '../../types';
import type { PriceCursor, PriceFetchReason } from '../cursor';

/**
 * The cursor a `pages` call is handed: `stored` ticker state and, in `fetch`, one range per ticker
 * and [from, to] span, ticker by ticker (the order the prices pipeline plans them in). The spans
 * are written out: the plan that cuts them is the pipeline's, not the sources'.
 */
export function fetchCursor(
  tickers: readonly string[],
  spans: readonly (readonly [string, string])[],
  reason: PriceFetchReason = 'backfill',
  stored: PriceCursor['tickers'] = {},
): PriceCursor {
  return {
    tickers: stored,
    fetch: tickers.flatMap((ticker) =>
      spans.map(([from, to]) => ({ id: `${ticker}:${from}:${to}`, ticker, from, to, reason })),
    ),
  };
}

/** A Logger that keeps every line (message + fields, bindings merged) in `lines`. */
export function recordingLogger(
  lines: { level: string; message: string; fields: LogFields }[] = [],
  bindings: LogFields = {},
): Logger & { lines: typeof lines } {
  const at =
    (level: string) =>
    (message: string, fields: LogFields = {}) => {
      lines.push({ level, message, fields: { ...bindings, ...fields } });
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
  };
}

/** A sleep that resolves at once and records each requested delay (ms). */
export function recordingSleep(): ((ms: number) => Promise<void>) & { delays: number[] } {
  const delays: number[] = [];
  return Object.assign(
    async (ms: number) => {
      delays.push(ms);
    },
    { delays },
  );
}

/** Every page until the iterable ends or throws; the error (if any) is returned, not thrown. */
export async function collectPages(pages: AsyncIterable<RawPage>): Promise<{ pages: RawPage[]; error: unknown }> {
  const out: RawPage[] = [];
  try {
    for await (const page of pages) out.push(page);
  } catch (error) {
    return { pages: out, error };
  }
  return { pages: out, error: undefined };
}

/** Parses each page with the source's wire and normalizes it, as the run loop does. */
export function normalizeAll<W, N extends Normalized<unknown>>(
  source: { wire: ZodType<W>; normalize(wire: W, page: RawPage): N },
  pages: readonly RawPage[],
): N[] {
  return pages.map((page) => source.normalize(source.wire.parse(page.body), page));
}

/** Everything that could leak a secret, as one string: pages, log lines, errors (message, context, cause chain). */
export function serialised(
  pages: readonly RawPage[],
  logLines: readonly unknown[],
  errors: readonly unknown[],
): string {
  const describe = (error: unknown): unknown => {
    if (!(error instanceof Error)) return String(error);
    const { message, stack } = error;
    return {
      message,
      stack,
      string: String(error),
      context: (error as { context?: unknown }).context,
      cause: error.cause === undefined ? undefined : describe(error.cause),
    };
  };
  return JSON.stringify({ pages, logLines, errors: errors.map(describe) });
}
