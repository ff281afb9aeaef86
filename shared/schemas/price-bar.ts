import { z } from 'zod';
import { toIssues, type ValidationIssue } from './quarantine';

/** Providers a price bar can come from; `source` in the warehouse says which one answered. */
export const PRICE_SOURCES = ['yahoo', 'alpaca', 'polygon'] as const;
export type PriceSource = (typeof PRICE_SOURCES)[number];

/** Upper-case symbols as exchanges and providers spell them: 'AAPL', 'BRK.B', 'BRK-B', '^GSPC', 'EURUSD=X'. */
export const TICKER_PATTERN = /^[A-Z0-9^][A-Z0-9.\-=^]{0,19}$/;

const price = z.number().positive();

/**
 * One trading day of one ticker, provider-neutral, with OpenBB's standard OHLCV field names.
 * The natural key is (ticker, date).
 *
 * - `date`: the exchange's trading date 'YYYY-MM-DD' (never a UTC date of a timestamp).
 * - `open/high/low/close`: currency units as the provider gives them (raw or split-adjusted, as
 *   the provider's request asked), finite and > 0.
 * - `adj_close`: close adjusted for splits (and dividends where the provider does), or `null` when
 *   the request returned unadjusted prices only (Alpaca adjustment=raw, Polygon adjusted=false).
 * - `volume`: shares, a non-negative integer.
 */
export const PriceBar = z.object({
  ticker: z.string().regex(TICKER_PATTERN, 'ticker must be an upper-case symbol'),
  date: z.iso.date(),
  open: price,
  high: price,
  low: price,
  close: price,
  adj_close: price.nullable(),
  volume: z.number().int().nonnegative(),
  source: z.enum(PRICE_SOURCES),
});
export type PriceBar = z.infer<typeof PriceBar>;

/**
 * The row a provider's normalize produces, before validation: identity fields are known, values
 * are as the provider sent them (null for a null slot, undefined where a value the request should
 * have carried is missing), so a defective row reaches the validator and quarantine, not a crash.
 */
export type PriceBarCandidate = Pick<PriceBar, 'ticker' | 'date' | 'source'> & {
  [K in 'open' | 'high' | 'low' | 'close' | 'adj_close' | 'volume']: number | null | undefined;
};

/** The (ticker, date) natural key used by the warehouse MERGE. */
export const PRICE_BAR_KEYS = ['ticker', 'date'] as const satisfies readonly (keyof PriceBar)[];

/** Codes of the sanity rules beyond zod's own issue codes. */
export type PriceRuleCode = 'high_below_open_or_close' | 'low_above_open_or_close' | 'date_in_future' | 'duplicate_key';

/** What the rules need to know about the world; passed in because schemas read no clock. */
export interface PriceRuleContext {
  /** Today's date 'YYYY-MM-DD' in the exchange time zone; a bar dated after it is rejected. */
  today: string;
}

/**
 * Cross-field sanity rules for one bar that already passed `PriceBar` (prices > 0 and an integer
 * volume >= 0 are zod's part): high >= max(open, close), low <= min(open, close), date <= today.
 * Returns every broken rule (empty when the bar is sane). Pure; never throws.
 */
export function priceBarRules(bar: PriceBar, ctx: PriceRuleContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (bar.high < Math.max(bar.open, bar.close)) {
    issues.push({
      path: 'high',
      code: 'high_below_open_or_close',
      message: `high ${bar.high} is below max(open ${bar.open}, close ${bar.close})`,
    });
  }
  if (bar.low > Math.min(bar.open, bar.close)) {
    issues.push({
      path: 'low',
      code: 'low_above_open_or_close',
      message: `low ${bar.low} is above min(open ${bar.open}, close ${bar.close})`,
    });
  }
  if (bar.date > ctx.today) {
    issues.push({ path: 'date', code: 'date_in_future', message: `date ${bar.date} is after today ${ctx.today}` });
  }
  return issues;
}

/** A record the batch rules rejected: its position in the input and why. */
export interface BatchIssue {
  index: number;
  issue: ValidationIssue;
}

/**
 * The batch rule: no two records share (ticker, date). The first occurrence is kept; every later
 * one is reported with the index of the first, so "records in = valid + quarantined" still holds
 * and an identical re-delivery loses nothing. Pure; O(n).
 */
export function priceBatchRules(bars: readonly Pick<PriceBar, 'ticker' | 'date'>[]): BatchIssue[] {
  const firstIndex = new Map<string, number>();
  const issues: BatchIssue[] = [];
  bars.forEach((bar, index) => {
    const key = `${bar.ticker}|${bar.date}`;
    const first = firstIndex.get(key);
    if (first === undefined) {
      firstIndex.set(key, index);
      return;
    }
    issues.push({
      index,
      issue: {
        path: '',
        code: 'duplicate_key',
        message: `duplicate of record ${first} for ${bar.ticker} on ${bar.date}`,
      },
    });
  });
  return issues;
}

/** The verdict on one record: the parsed bar, or every reason it is rejected. */
export type PriceBarVerdict = { ok: true; bar: PriceBar } | { ok: false; issues: ValidationIssue[] };

/** Contract + sanity rules for one untrusted record (zod first; the rules only see a parsed bar). */
export function checkPriceBar(input: unknown, ctx: PriceRuleContext): PriceBarVerdict {
  const parsed = PriceBar.safeParse(input);
  if (!parsed.success) return { ok: false, issues: toIssues(parsed.error) };
  const issues = priceBarRules(parsed.data, ctx);
  return issues.length === 0 ? { ok: true, bar: parsed.data } : { ok: false, issues };
}

/** Result of validating a batch: valid bars in input order, and rejected records with reasons. */
export interface PriceBatchVerdict {
  valid: PriceBar[];
  rejected: { index: number; record: unknown; issues: ValidationIssue[] }[];
}

/**
 * Validates a batch: each record against `checkPriceBar`, then the duplicate-key rule among the
 * records that passed. valid.length + rejected.length === inputs.length, always.
 */
export function checkPriceBatch(inputs: readonly unknown[], ctx: PriceRuleContext): PriceBatchVerdict {
  const passed: { index: number; bar: PriceBar }[] = [];
  const rejected: PriceBatchVerdict['rejected'] = [];
  inputs.forEach((record, index) => {
    const verdict = checkPriceBar(record, ctx);
    if (verdict.ok) passed.push({ index, bar: verdict.bar });
    else rejected.push({ index, record, issues: verdict.issues });
  });
  const duplicates = new Map(priceBatchRules(passed.map((p) => p.bar)).map((d) => [d.index, d.issue]));
  const valid: PriceBar[] = [];
  passed.forEach((p, i) => {
    const issue = duplicates.get(i);
    if (issue === undefined) valid.push(p.bar);
    else rejected.push({ index: p.index, record: inputs[p.index], issues: [issue] });
  });
  rejected.sort((a, b) => a.index - b.index);
  return { valid, rejected };
}
