/**
 * Realistic warehouse contents for the dashboard tests, written through the Warehouse interface
 * (ensureTables + merge) and the prices pipeline's own indicator SQL: two tickers of daily bars with
 * indicators, ledger runs of several pipelines (one failed, one partial, one running), news with a
 * hostile headline, Product Hunt launches and Crunchbase rounds.
 */
import { ledgerTable } from '../../pipelines/loop/run-ledger';
import { createIndicatorSql } from '../../indicators';
import { recomputeIndicators } from '../../pipelines/prices/definition';
import type { PipelineEntry } from '../../pipelines/registry';
import { PIPELINES } from '../../pipelines/registry';
import { priceIndicators } from '../../warehouse/pipeline-tables';
import { TABLES, fundingRounds, news, newsTickers, organizations, pricesDaily, products } from '../../warehouse/tables';
import type { Warehouse, WarehouseRow } from '../../warehouse/types';

/** The headline that must render as text and never run. */
export const XSS_HEADLINE = '<script>window.__xss = 1</script>Breaking <b>news</b>';
export const SEED_TICKERS = ['AAPL', 'MSFT'] as const;

/**
 * The registry the tests show: the real prices entry plus fixed entries for the other sources and
 * one that never ran (fixed, so the tests do not change as the real registry grows).
 */
export const SEED_PIPELINES: readonly PipelineEntry[] = [
  ...PIPELINES.filter((entry) => entry.name === 'prices'),
  ...(['news', 'producthunt', 'crunchbase', 'sec-filings'] as const).map((name) => ({
    name,
    description: `${name} (test registry entry)`,
    source: name,
    schedule: name === 'crunchbase' ? undefined : { cron: '0 * * * *', timeZone: 'UTC' },
    function: { entryPoint: name, folder: `functions/${name}`, memoryMb: 256, timeoutS: 300 },
    tables: [],
  })),
];

/** The failed slices of the seeded partial run; the second message tries markup, which must show as text. */
export const SEED_FAILED_SLICES = [
  {
    id: 'posts:2026-11-20',
    scope: 'posts',
    class: 'RateLimitError',
    message: 'HTTP 429 from api.producthunt.com',
    retriable: true,
  },
  {
    id: 'posts:2026-11-21',
    scope: 'posts',
    class: 'HttpError',
    message: 'HTTP 500 <img src=x onerror="window.__xss = 4">',
    retriable: true,
  },
];

/** Slices the seeded partial run's time budget left for the next run. */
export const SEED_DEFERRED_SLICES = 3;

/** What `seedDashboard` wrote, for assertions. */
export interface SeedSummary {
  now: Date;
  bars: Record<string, { count: number; first: string; last: string }>;
  runs: number;
  news: number;
}

/** Weekdays ending the day before `now`, oldest first. */
function tradingDays(now: Date, count: number): string[] {
  const days: string[] = [];
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1));
  while (days.length < count) {
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) days.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() - 1);
  }
  return days.reverse();
}

/** A deterministic random walk (LCG), so every run seeds the same bars. */
function bars(
  ticker: string,
  days: readonly string[],
  start: number,
  seed: number,
  ingestedAt: string,
): WarehouseRow[] {
  let state = seed;
  const random = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  let close = start;
  return days.map((date, i) => {
    const open = close * (1 + (random() - 0.5) * 0.01);
    close = Math.max(1, open * (1 + (random() - 0.48) * 0.03 + Math.sin(i / 25) * 0.004));
    const high = Math.max(open, close) * (1 + random() * 0.01);
    const low = Math.min(open, close) * (1 - random() * 0.01);
    const round = (v: number) => Math.round(v * 100) / 100;
    return {
      ticker,
      date,
      open: round(open),
      high: round(high),
      low: round(low),
      close: round(close),
      adj_close: round(close * 0.995),
      volume: Math.round(2e7 + random() * 3e7),
      source: 'yahoo',
      ingested_at: ingestedAt,
    };
  });
}

const minutesBefore = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

/** Creates every table the dashboard reads and fills them; `days` bars per ticker (default 300). */
export async function seedDashboard(warehouse: Warehouse, options: { now: Date; days?: number }): Promise<SeedSummary> {
  const { now } = options;
  const at = now.toISOString();
  await warehouse.ensureTables([...TABLES.filter((t) => t.name !== ledgerTable.name), ledgerTable, priceIndicators]);

  const days = tradingDays(now, options.days ?? 300);
  const summary: SeedSummary = { now, bars: {}, runs: 0, news: 0 };
  const touched = new Map<string, { from: string; to: string }>();
  for (const [index, ticker] of SEED_TICKERS.entries()) {
    await warehouse.merge(pricesDaily, bars(ticker, days, index === 0 ? 180 : 410, 42 + index, at));
    summary.bars[ticker] = { count: days.length, first: days[0]!, last: days[days.length - 1]! };
    touched.set(ticker, { from: days[0]!, to: days[days.length - 1]! });
  }
  if (warehouse.kind === 'duckdb') await recomputeIndicators(warehouse, touched, at);
  else {
    // The emulator rejects the recompute's INSERT ... SELECT (DOUBLE into FLOAT64 column), so the
    // same indicator SELECT is run and its rows MERGEd.
    const sql = createIndicatorSql('bigquery', {
      source: warehouse.tableRef(pricesDaily.name),
      target: warehouse.tableRef(priceIndicators.name),
    });
    const statement = sql.select({ tickers: [...SEED_TICKERS] }, at);
    await warehouse.merge(priceIndicators, await warehouse.query(statement.sql, statement.params));
  }

  const run = (
    id: string,
    pipeline: string,
    status: string,
    startedMinAgo: number,
    took: number | null,
    counts: [number, number, number] | null,
    error?: [string, string, boolean],
    failedSlices?: typeof SEED_FAILED_SLICES,
    deferred = 0,
  ) => ({
    run_id: id,
    pipeline,
    trigger: 'schedule',
    mode: 'incremental',
    status,
    started_at: minutesBefore(now, startedMinAgo),
    finished_at: took === null ? null : minutesBefore(now, startedMinAgo - took),
    records_in: counts?.[0] ?? null,
    records_valid: counts?.[1] ?? null,
    records_quarantined: counts?.[2] ?? null,
    error_class: error?.[0] ?? null,
    error_message: error?.[1] ?? null,
    error_retriable: error?.[2] ?? null,
    slices_failed: took === null ? null : (failedSlices?.length ?? 0),
    failed_slices: failedSlices ?? null,
    slices_deferred: took === null ? null : deferred,
  });
  const runs = [
    run('prices-1', 'prices', 'succeeded', 3 * 1440, 3, [600, 600, 0]),
    run('prices-2', 'prices', 'succeeded', 1440, 2, [4, 4, 0]),
    run('prices-3', 'prices', 'succeeded', 42, 2, [2, 2, 0]),
    run('news-1', 'news', 'succeeded', 130, 1, [57, 55, 2]),
    run(
      'news-2',
      'news',
      'failed',
      70,
      1,
      [0, 0, 0],
      ['HttpError', 'GET https://data.alpaca.markets/v1beta1/news -> 503 Service Unavailable', true],
    ),
    // Partial twice over: slices failed on a rate limit, and its time budget left SEED_DEFERRED_SLICES.
    run(
      'producthunt-1',
      'producthunt',
      'partial',
      300,
      4,
      [40, 37, 3],
      ['RateLimitError', 'HTTP 429 from api.producthunt.com', true],
      SEED_FAILED_SLICES,
      SEED_DEFERRED_SLICES,
    ),
    run('crunchbase-1', 'crunchbase', 'running', 1, null, null),
  ];
  await warehouse.merge(ledgerTable, runs);
  summary.runs = runs.length;

  const articles = [
    [
      XSS_HEADLINE,
      'A summary with <img src=x onerror="window.__xss = 2"> markup in it.',
      'https://example.com/a',
      ['AAPL'],
    ],
    [
      'Apple unveils new silicon for data centers',
      'Chips aimed at inference workloads.',
      'https://example.com/b',
      ['AAPL'],
    ],
    ['Microsoft raises dividend by 10%', 'Board approves quarterly payout.', 'javascript:window.__xss=3', ['MSFT']],
    ['Markets close higher as yields ease', 'Broad rally led by tech.', 'https://example.com/d', ['AAPL', 'MSFT']],
    ['Fed minutes show patience on rates', null, 'https://example.com/e', []],
  ] as const;
  const newsRows = articles.map(([headline, summaryText, url, symbols], i) => ({
    id: `alpaca:${9000 + i}`,
    headline,
    summary: summaryText,
    content: null,
    author: null,
    source: 'benzinga',
    url,
    symbols: [...symbols],
    created_at: minutesBefore(now, 10 + i * 45),
    updated_at: minutesBefore(now, 10 + i * 45),
    provider: 'alpaca',
    ingested_at: at,
  }));
  await warehouse.merge(news, newsRows);
  await warehouse.merge(
    newsTickers,
    newsRows.flatMap((row) =>
      row.symbols.map((ticker) => ({ article_id: row.id, ticker, created_at: row.created_at })),
    ),
  );
  summary.news = newsRows.length;

  await warehouse.merge(
    products,
    [
      ['p1', 'Tabby', 'AI code review that reads the whole diff', 512],
      ['p2', '<img src=x onerror="window.__xss=4">Snap', 'Screenshots, annotated', 340],
      ['p3', 'Ledgerly', 'Bookkeeping for freelancers', 128],
      ['p4', 'Orbit', 'Team calendars that respect focus time', 911],
    ].map(([id, name, tagline, votes], i) => ({
      id,
      name,
      tagline,
      description: null,
      slug: String(id),
      url: `https://www.producthunt.com/posts/${id}`,
      website: null,
      votes_count: votes,
      comments_count: 10 + i,
      created_at: minutesBefore(now, 600 + i * 60),
      featured_at: null,
      topics: ['Productivity', 'Developer Tools'],
      ingested_at: at,
    })),
  );
  await warehouse.merge(organizations, [
    { uuid: 'o1', permalink: 'calendly', name: 'Calendly', ingested_at: at },
    { uuid: 'o2', permalink: 'anthropic', name: 'Anthropic', ingested_at: at },
  ]);
  await warehouse.merge(fundingRounds, [
    {
      uuid: 'f1',
      organization_uuid: 'o1',
      name: 'Series B - Calendly',
      announced_on: '2025-05-02',
      investment_type: 'series_b',
      money_raised: 350e6,
      money_raised_currency: 'USD',
      money_raised_usd: 350e6,
      lead_investors: ['OpenView', 'ICONIQ'],
      investor_count: 5,
      ingested_at: at,
    },
    {
      uuid: 'f2',
      organization_uuid: 'o2',
      name: 'Series E - Anthropic',
      announced_on: '2025-06-20',
      investment_type: 'series_e',
      money_raised: 3.5e9,
      money_raised_currency: 'USD',
      money_raised_usd: 3.5e9,
      lead_investors: ['Lightspeed'],
      investor_count: 12,
      ingested_at: at,
    },
    {
      uuid: 'f3',
      organization_uuid: 'o9',
      name: 'Seed - Unknown',
      announced_on: '2025-06-01',
      investment_type: 'seed',
      money_raised: null,
      money_raised_currency: null,
      money_raised_usd: null,
      lead_investors: [],
      investor_count: 2,
      ingested_at: at,
    },
  ]);
  return summary;
}
