/**
 * The dashboard in a real headless Chromium (Debian's `chromium`, driven by playwright-core; no
 * browser is ever downloaded): the page renders the candlestick chart and the run table from a
 * seeded DuckDB warehouse, a `<script>` headline shows as text and never runs, news streams in,
 * the CSP holds, and a screenshot lands in test-artifacts/dashboard.png.
 * Chromium comes from `bash dev/install-chromium.sh`.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import {
  SEED_DEFERRED_SLICES,
  SEED_FAILED_SLICES,
  SEED_PIPELINES,
  XSS_HEADLINE,
  seedDashboard,
  type SeedSummary,
} from '../../shared/dashboard/__fixtures__/seed';
import { startDashboardServer, type DashboardServer } from '../../shared/dashboard/serve';
import { createDuckDbWarehouse } from '../../shared/warehouse/duckdb/warehouse';
import { news } from '../../shared/warehouse/tables';
import type { Warehouse } from '../../shared/warehouse/types';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const ARTIFACT = join(__dirname, '..', '..', 'test-artifacts', 'dashboard.png');

// The callbacks passed to page.evaluate run in the page, not in node; tsconfig has no DOM lib, so
// these module-local declarations type the page's globals loosely instead of adding DOM to every file.
declare const window: any;
declare const document: any;

describe('dashboard in headless Chromium', () => {
  let dir: string;
  let warehouse: Warehouse;
  let server: DashboardServer;
  let seed: SeedSummary;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: run 'bash dev/install-chromium.sh' (make test does)`);
    dir = mkdtempSync(join(tmpdir(), 'dashboard-browser-'));
    warehouse = await createDuckDbWarehouse({ path: join(dir, 'warehouse.duckdb') });
    seed = await seedDashboard(warehouse, { now: new Date() });
    server = await startDashboardServer({ warehouse, host: '127.0.0.1', port: 0, pipelines: SEED_PIPELINES });
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      args: ARGS,
      viewport: { width: 1440, height: 1000 },
      deviceScaleFactor: 1,
    });
    // Nothing leaves the machine: every request but the dashboard's own origin is aborted.
    await context.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort());
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content.Security.Policy/i.test(message.text()))
        problems.push(`console.${message.type()}: ${message.text()}`);
    });
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForFunction(
      (runs) => {
        const lengths = window.__dashboard?.seriesLengths();
        return (
          lengths !== null &&
          lengths !== undefined &&
          lengths.candles! > 0 &&
          document.querySelectorAll('#runs tbody tr').length === runs
        );
      },
      seed.runs,
      { timeout: 20_000 },
    );
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await warehouse?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('renders the run table with every ledger row and its counts', async () => {
    const rows = page.locator('#runs tbody tr');
    expect(await rows.count()).toBe(seed.runs);
    const cells = await rows.evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td: any) => td.textContent as string)),
    );
    expect(cells[0]!.slice(0, 3)).toEqual(['crunchbase', 'running', 'schedule']);
    expect(cells.find((c) => c[0] === 'news' && c[1] === 'failed')![8]).toContain('503 Service Unavailable');
    expect(cells.find((c) => c[0] === 'producthunt')!.slice(5, 8)).toEqual(['40', '37', '3']);
    // The partial run's failed slices fold under a count; opened, each shows its own error as text.
    const failed = page.locator('#runs tbody tr', { hasText: 'producthunt' }).locator('details.failed-slices');
    expect(await failed.locator('summary').textContent()).toBe(`${SEED_FAILED_SLICES.length} slices failed`);
    await failed.locator('summary').click();
    expect(await failed.locator('li').allTextContents()).toEqual(
      SEED_FAILED_SLICES.map((f) => `${f.id}: ${f.class}: ${f.message}`),
    );
    // What its time budget left is said beside them, in the run row and on the pipeline's card.
    const left = `${SEED_DEFERRED_SLICES} slices left for the next run (time budget)`;
    expect(await page.locator('#runs tbody tr', { hasText: 'producthunt' }).locator('.deferred').textContent()).toBe(
      left,
    );
    expect(await page.locator('#pipelines .card[data-pipeline="producthunt"] .deferred').textContent()).toBe(left);
    expect(await page.locator('#runs .deferred').count()).toBe(1);
    expect(await page.locator('#runs img').count()).toBe(0);
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    const cards = await page
      .locator('#pipelines .card')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-pipeline'), e.querySelector('.badge')?.textContent]));
    expect(cards).toEqual([
      ['prices', 'succeeded'],
      ['news', 'failed'],
      ['producthunt', 'partial'],
      ['crunchbase', 'running'],
      ['sec-filings', 'never run'],
    ]);
  });

  it('draws the candlestick chart with SMA, Bollinger, RSI and MACD series holding data', async () => {
    expect(await page.evaluate(() => window.__dashboard!.ticker())).toBe('AAPL');
    const lengths = (await page.evaluate(() => window.__dashboard!.seriesLengths()))!;
    expect(lengths.candles).toBe(seed.bars.AAPL!.count);
    expect(lengths.sma20).toBe(seed.bars.AAPL!.count - 19);
    expect(lengths.sma200).toBe(seed.bars.AAPL!.count - 199);
    for (const name of ['bbUpper', 'bbLower', 'rsi', 'macd', 'macdSignal', 'macdHistogram'])
      expect(lengths[name]).toBeGreaterThan(200);

    // Non-blank canvases: the main pane's pixels hold the candle colours, not just the background.
    const pixels = await page.evaluate(() =>
      Array.from(document.querySelectorAll('#chart canvas') as ArrayLike<any>)
        .filter((canvas: any) => canvas.width > 100 && canvas.height > 50)
        .map((canvas: any) => {
          const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
          let green = 0;
          let red = 0;
          const colours = new Set<number>();
          for (let i = 0; i < data.length; i += 16) {
            const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
            if (a === 0) continue;
            colours.add((r << 16) | (g << 8) | b);
            if (g > 140 && r < 60 && b < 120) green += 1;
            if (r > 190 && g < 70 && b < 70) red += 1;
          }
          return { w: canvas.width, h: canvas.height, colours: colours.size, green, red };
        }),
    );
    expect(pixels.length).toBeGreaterThanOrEqual(3);
    expect(pixels.some((p) => p.colours > 20 && p.green > 50 && p.red > 50)).toBe(true);
  });

  it('shows the <script> headline as literal text and never runs it', async () => {
    const headline = page.locator('#news .headline').first();
    expect(await headline.textContent()).toBe(XSS_HEADLINE);
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    expect(await page.locator('#news script, #news b, #news img, #products img').count()).toBe(0);
    // A provider URL with the javascript: scheme is not made a link.
    const msft = page.locator('#news .headline', { hasText: 'Microsoft raises dividend' });
    expect(await msft.locator('a').count()).toBe(0);
    expect(await page.locator('#products li', { hasText: 'onerror' }).count()).toBe(1);
  });

  it('streams in news merged after the page loaded, on top', async () => {
    const at = new Date().toISOString();
    await warehouse.merge(news, [
      {
        id: 'alpaca:live-1',
        headline: 'Just in: chipmakers rally',
        summary: 'Streamed while the page was open.',
        source: 'benzinga',
        url: 'https://example.com/live',
        symbols: ['AAPL'],
        created_at: at,
        updated_at: at,
        provider: 'alpaca',
        ingested_at: at,
      },
    ]);
    await page.waitForFunction(
      () => document.querySelector('#news .news-item .headline')?.textContent === 'Just in: chipmakers rally',
      undefined,
      { timeout: 15_000 },
    );
    expect(await page.locator('#news .news-item').count()).toBe(seed.news + 1);
  });

  it('switches ticker', async () => {
    await page.selectOption('#ticker-select', 'MSFT');
    await page.waitForFunction(
      () =>
        window.__dashboard!.ticker() === 'MSFT' &&
        document.querySelector('#chart-legend strong')?.textContent?.startsWith('MSFT'),
    );
    expect((await page.evaluate(() => window.__dashboard!.seriesLengths()))!.candles).toBe(seed.bars.MSFT!.count);
    await page.selectOption('#ticker-select', 'AAPL');
    await page.waitForFunction(() => document.querySelector('#chart-legend strong')?.textContent?.startsWith('AAPL'));
  });

  it('saves a screenshot artifact, with no script error or CSP violation on the way', async () => {
    mkdirSync(join(ARTIFACT, '..'), { recursive: true });
    await page.screenshot({ path: ARTIFACT, fullPage: true });
    expect(existsSync(ARTIFACT)).toBe(true);
    expect(problems).toEqual([]);
  });
});
