/**
 * Fault injection for the replay server, settable while it runs. A rule matches a request by its
 * path-and-query (apiKey removed): a string matches as a prefix ('/v8/finance/chart/AAPL'), a
 * RegExp anywhere. Rules are tried in the order they were added; the first with answers left
 * applies and uses one of them. Null injections are separate: they blank values of one bar in
 * every provider's answer.
 */

export type PathPattern = string | RegExp;
export type FaultKind = 'rate_limit' | 'server_error' | 'malformed_json' | 'slow';
/** Bar values that can be blanked; Yahoo also blanks adjclose with close. */
export type NullField = 'open' | 'high' | 'low' | 'close' | 'volume';

/** A rule as stored; `remaining` counts down to 0 (Infinity: forever). */
export interface FaultRule {
  kind: FaultKind;
  match: PathPattern;
  remaining: number;
  /** rate_limit: the Retry-After header, in seconds. */
  retryAfterS?: number;
  /** server_error: the status, 500 by default. */
  status?: number;
  /** slow: delay before the (normal) answer, in ms. */
  delayMs?: number;
}

export interface NullInjection {
  ticker: string;
  date: string;
  /** Default all five: for Yahoo an all-null slot, i.e. a day without trades. */
  fields?: readonly NullField[];
}

/** The controller tests use; `take` and `nullsFor` are the server's side. */
export interface FaultController {
  /** Answer 429 with `Retry-After: retryAfterS` (Yahoo: the plain-text body) `times` times. */
  rateLimit(match: PathPattern, options?: { times?: number; retryAfterS?: number }): void;
  /** Answer `status` (default 500) with the provider's error body `times` times. */
  serverError(match: PathPattern, options?: { times?: number; status?: number }): void;
  /** Answer 200 with the real body cut in half (invalid JSON) `times` times. */
  malformedJson(match: PathPattern, options?: { times?: number }): void;
  /** Delay the normal answer by `delayMs` for `times` requests (default 1). */
  slow(match: PathPattern, options: { delayMs: number; times?: number }): void;
  /** Blank `fields` of the bar of `ticker` on `date` in every answer, until cleared. */
  injectNulls(injection: NullInjection): void;
  /** Remove every rule and injection. */
  clear(): void;
  /** Answers still to be faulted, summed over rules (Infinity if any rule is endless). */
  pending(): number;
  /** Server side: the rule that applies to `pathAndQuery`, using up one of its answers. */
  take(pathAndQuery: string): FaultRule | undefined;
  /** Server side: the blanked fields of a bar, if any. */
  nullsFor(ticker: string, date: string): readonly NullField[] | undefined;
}

const ALL_FIELDS: readonly NullField[] = ['open', 'high', 'low', 'close', 'volume'];

function matches(pattern: PathPattern, pathAndQuery: string): boolean {
  return typeof pattern === 'string' ? pathAndQuery.startsWith(pattern) : pattern.test(pathAndQuery);
}

/** A fresh controller with no rules. */
export function createFaultController(): FaultController {
  let rules: FaultRule[] = [];
  const nulls = new Map<string, readonly NullField[]>();
  const add = (rule: FaultRule) => {
    if (!(rule.remaining > 0)) throw new RangeError(`fault ${rule.kind}: times must be > 0`);
    rules.push(rule);
  };
  return {
    rateLimit: (match, o = {}) =>
      add({ kind: 'rate_limit', match, remaining: o.times ?? 1, retryAfterS: o.retryAfterS ?? 1 }),
    serverError: (match, o = {}) =>
      add({ kind: 'server_error', match, remaining: o.times ?? 1, status: o.status ?? 500 }),
    malformedJson: (match, o = {}) => add({ kind: 'malformed_json', match, remaining: o.times ?? 1 }),
    slow: (match, o) => add({ kind: 'slow', match, remaining: o.times ?? 1, delayMs: o.delayMs }),
    injectNulls: ({ ticker, date, fields }) => nulls.set(`${ticker}|${date}`, fields ?? ALL_FIELDS),
    clear: () => {
      rules = [];
      nulls.clear();
    },
    pending: () => rules.reduce((sum, rule) => sum + rule.remaining, 0),
    take: (pathAndQuery) => {
      const rule = rules.find((r) => r.remaining > 0 && matches(r.match, pathAndQuery));
      if (rule === undefined) return undefined;
      rule.remaining -= 1;
      if (rule.remaining === 0) rules = rules.filter((r) => r !== rule);
      return { ...rule };
    },
    nullsFor: (ticker, date) => nulls.get(`${ticker}|${date}`),
  };
}
