/** What the replay server was asked, so tests can assert e.g. that a lag-window run fetched only that window. */
import type { FaultKind, PathPattern } from './faults';

export type ReplayProvider = 'yahoo' | 'alpaca' | 'polygon' | 'unknown';

/** One request as answered; `query` never holds the apiKey, and no header is kept. */
export interface ReplayRequestRecord {
  method: string;
  provider: ReplayProvider;
  /** The URL path, e.g. '/v8/finance/chart/AAPL'. */
  path: string;
  /** Path and query without apiKey, as fault rules see it. */
  pathAndQuery: string;
  query: Readonly<Record<string, string>>;
  status: number;
  /** The fault that shaped the answer, if one did. */
  fault?: FaultKind;
  /** When the server answered (ms since the epoch), so tests can check waits between retries. */
  atMs?: number;
}

export interface RequestLog {
  /** Every request so far, oldest first. */
  all(): readonly ReplayRequestRecord[];
  /** How many requests matched (string: path-and-query prefix; RegExp: anywhere); all when omitted. */
  count(match?: PathPattern): number;
  /** Forget every request (e.g. between a backfill and the incremental run under test). */
  clear(): void;
  /** Server side. */
  record(entry: ReplayRequestRecord): void;
}

export function createRequestLog(): RequestLog {
  let entries: ReplayRequestRecord[] = [];
  return {
    all: () => entries,
    count: (match) =>
      match === undefined
        ? entries.length
        : entries.filter((e) =>
            typeof match === 'string' ? e.pathAndQuery.startsWith(match) : match.test(e.pathAndQuery),
          ).length,
    clear: () => {
      entries = [];
    },
    record: (entry) => {
      entries.push(entry);
    },
  };
}
