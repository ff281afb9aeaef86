/**
 * Real-shaped daily bars for the indicator tests: a seeded random walk on trading days (weekends
 * absent), with missing days, a 10:1 split in the raw prices (adj_close stays continuous) and a
 * small dividend adjustment, so adj_close / close varies as it does in Yahoo's answers.
 * Deterministic for a given seed. Test support only.
 */
export interface Bar {
  ticker: string;
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  adj_close: number;
  volume: number;
}

export interface SeriesSpec {
  ticker: string;
  rows: number;
  seed: number;
  /** Row index from which raw prices are post-split; earlier raw prices are `splitRatio` times higher. */
  splitAtRow?: number;
  splitRatio?: number;
  /** Make the first `risingRows` closes strictly rising (RSI's "no losses" branch). */
  risingRows?: number;
  startDate?: string;
}

/** mulberry32: a tiny seeded PRNG, enough for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;

/** Bars in date order. About 4% of trading days are missing, some in runs of several days. */
export function randomWalkBars(spec: SeriesSpec): Bar[] {
  const rand = prng(spec.seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const bars: Bar[] = [];
  const day = new Date(`${spec.startDate ?? '2021-01-04'}T00:00:00Z`);
  let adj = 50 + rand() * 100;
  while (bars.length < spec.rows) {
    day.setUTCDate(day.getUTCDate() + 1);
    const dow = day.getUTCDay();
    if (dow === 0 || dow === 6) continue;
    if (rand() < 0.03) {
      day.setUTCDate(day.getUTCDate() + Math.floor(rand() * 4)); // a gap of 1-4 trading days
      continue;
    }
    const i = bars.length;
    const rising = i < (spec.risingRows ?? 0);
    adj *= Math.exp(rising ? 0.004 + 0.002 * rand() : 0.0003 + 0.018 * normal());
    const split = spec.splitAtRow !== undefined && i < spec.splitAtRow ? (spec.splitRatio ?? 10) : 1;
    const dividend = i < spec.rows / 2 ? 1 / 0.985 : 1; // adj_close is 1.5% below close before a dividend
    const close = round(adj * split * dividend, 2);
    const adjClose = close / split / dividend;
    const open = round(close * (1 + 0.01 * normal()), 2);
    const high = round(Math.max(open, close) * (1 + 0.015 * rand()), 2);
    const low = round(Math.min(open, close) * (1 - 0.015 * rand()), 2);
    bars.push({
      ticker: spec.ticker,
      date: day.toISOString().slice(0, 10),
      open,
      high,
      low,
      close,
      adj_close: adjClose,
      volume: Math.floor(1e5 + rand() * 1e7),
    });
  }
  return bars;
}
