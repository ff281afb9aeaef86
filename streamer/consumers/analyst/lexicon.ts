/**
 * A small financial-news sentiment lexicon, hand-written in the spirit of Loughran & McDonald's
 * finance word lists (general-purpose lexicons read "liability" or "tax" as negative). Whole words
 * with their inflections spelled out (stems would match "mission" for "miss", "finance" for
 * "fine"); weights are 0.5 (faint) to 2 (strong).
 */
function words(weight: number, list: string): [string, number][] {
  return list
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => [w, weight]);
}

/** Lower-case word -> positive weight. */
export const POSITIVE: ReadonlyMap<string, number> = new Map([
  ...words(
    2,
    'beat beats surge surges surged soar soars soared upgrade upgrades upgraded bullish breakthrough skyrocket skyrockets',
  ),
  ...words(
    1.5,
    'jump jumps jumped rally rallies rallied outperform outperforms exceed exceeds exceeded rebound rebounds rebounded approval approved approves optimism optimistic upbeat',
  ),
  ...words(
    1,
    'gain gains gained rise rises rose rising climb climbs climbed record profit profits profitable growth grow grows grew strong stronger boost boosts boosted raise raises raised tops win wins won expand expands expanded recover recovers recovered recovery buyback positive',
  ),
  ...words(0.5, 'dividend dividends higher up'),
]);

/** Lower-case word -> negative weight (as a positive number). */
export const NEGATIVE: ReadonlyMap<string, number> = new Map([
  ...words(
    2,
    'miss misses missed plunge plunges plunged plummet plummets plummeted tumble tumbles tumbled slump slumps slumped crash crashes crashed downgrade downgrades downgraded bearish fraud bankrupt bankruptcy',
  ),
  ...words(
    1.5,
    'loss losses sink sinks sank slash slashes slashed warn warns warned warning lawsuit lawsuits sue sues sued recall recalls recalled layoff layoffs default defaults halt halts halted fear fears fined underperform underperforms',
  ),
  ...words(
    1,
    'fall falls fell drop drops dropped decline declines declined lose loses lost weak weaker cut cuts probe probes investigation delay delays delayed concern concerns negative',
  ),
  ...words(0.5, 'risk risks volatile volatility lower down'),
]);

/** Words that flip the polarity of the next sentiment word within three words ("not", "no", "fails to"). */
export const NEGATORS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'never',
  "don't",
  "doesn't",
  "didn't",
  "isn't",
  "won't",
  'without',
  'fails',
  'failed',
  'lacks',
]);
