/**
 * The `mdp` CLI as a user runs it: a child process through package.json's bin (shared/cli/bin.cjs),
 * configured by environment only, against the prices replay server, a lake directory and a DuckDB
 * file in a temp dir. Backfill with a progress bar lands the exact expected rows; status and query
 * read them back; failures and usage errors exit 1 and 2 with clear messages.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectedPriceBars, startPriceReplayServer, type PriceReplayServer } from '../../dev/replay';
import { createWarehouse } from '../warehouse';
import type { RunSummary } from '../pipelines/loop/types';
import type { PipelineStatus } from '../dashboard/pipeline-status';

const repoRoot = join(__dirname, '..', '..');
const bin = join(repoRoot, 'shared', 'cli', 'bin.cjs');
const FROM = '2024-01-01';
const TO = '2024-03-31';
const TICKERS = ['AAPL', 'MSFT'];

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

let dir: string;
let replay: PriceReplayServer;
let env: NodeJS.ProcessEnv;

function mdp(...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    // --dotenv points at a missing file: a developer's own .env must not leak into the test.
    execFile(
      process.execPath,
      [bin, '--dotenv', join(dir, 'no.env'), ...args],
      { cwd: repoRoot, env, timeout: 90_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const expected = TICKERS.flatMap((ticker) =>
  expectedPriceBars({ source: 'yahoo', ticker, from: FROM, to: TO, today: '2024-06-28' }),
);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mdp-cli-'));
  replay = await startPriceReplayServer({ today: '2024-06-28', unknownTickers: ['ZZZZ'] });
  env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    METADATA_SERVER_DETECTION: 'none',
    LAKE_BACKEND: 'local',
    LAKE_DIR: join(dir, 'lake'),
    WAREHOUSE_BACKEND: 'duckdb',
    // A folder that does not exist yet, as on a fresh clone.
    DUCKDB_PATH: join(dir, 'data', 'warehouse.duckdb'),
    PRICES_PROVIDER: 'yahoo',
    YAHOO_BASE_URL: replay.baseUrl,
    PRICES_SLICE_MONTHS: '1',
    HTTP_MAX_RETRIES: '0',
    LOG_FORMAT: 'json',
  };
});

afterAll(async () => {
  await replay?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('mdp CLI (child process, replay server, DuckDB + local lake)', () => {
  it('status and query before anything ran: every pipeline never_run, query says there is no warehouse', async () => {
    const status = await mdp('status', '--json');
    expect(status.code).toBe(0);
    const statuses = JSON.parse(status.stdout) as PipelineStatus[];
    expect(statuses.find((s) => s.name === 'prices')).toMatchObject({ state: 'never_run', lastRun: null });
    const query = await mdp('query', 'SELECT 1 AS one');
    expect(query.code).toBe(1);
    expect(query.stderr).toMatch(/no warehouse yet at .*warehouse\.duckdb: run or backfill a pipeline first/);
  });

  it('backfills 2 tickers x 3 months with a progress bar and ETA, and lands exactly the expected rows', async () => {
    const result = await mdp('backfill', 'prices', '--from', FROM, '--to', TO, '--tickers', TICKERS.join(','));
    expect(result.stderr).not.toMatch(/"severity":"ERROR"/);
    expect(result.code).toBe(0);
    // 3 one-month slices per ticker; the final bar line is drawn whole.
    expect(result.stderr).toMatch(
      new RegExp(
        `prices backfill \\[#{40}\\] 100% \\| 6/6 slices \\| ${expected.length} valid \\| 0 failed \\| ETA \\d+s`,
      ),
    );
    expect(result.stdout).toContain('prices backfill (cli) succeeded');
    expect(result.stdout).toContain('slices   6 total: 6 succeeded, 0 failed, 0 skipped');
    expect(result.stdout).toContain(`records  in ${expected.length}, valid ${expected.length}, quarantined 0`);
    expect(result.stdout).toContain(`prices_daily +${expected.length} inserted, 0 updated`);

    const warehouse = await createWarehouse({
      backend: 'duckdb',
      duckdbPath: env.DUCKDB_PATH as string,
      dataset: 'unused',
      location: 'US',
    });
    try {
      const rows = await warehouse.query<{ ticker: string; date: string; close: number; volume: number }>(
        'SELECT ticker, date, close, volume FROM prices_daily ORDER BY ticker, date',
      );
      expect(rows).toEqual(
        expected.map((bar) => ({ ticker: bar.ticker, date: bar.date, close: bar.close, volume: bar.volume })),
      );
    } finally {
      await warehouse.close();
    }
    expect(readdirSync(join(env.LAKE_DIR as string, 'clean', 'prices_daily')).length).toBeGreaterThan(0);
  });

  it('status shows the run: succeeded, by the CLI, fresh, with its record counts', async () => {
    const json = await mdp('status', '--json');
    expect(json.code).toBe(0);
    const prices = (JSON.parse(json.stdout) as PipelineStatus[]).find((s) => s.name === 'prices');
    expect(prices).toMatchObject({
      state: 'succeeded',
      registered: true,
      lastRun: {
        trigger: 'cli',
        status: 'succeeded',
        recordsIn: expected.length,
        recordsValid: expected.length,
        recordsQuarantined: 0,
        slicesFailed: 0,
        failedSlices: [],
      },
    });
    expect(prices?.freshnessMinutes).toBeLessThanOrEqual(5); // minutes since the backfill finished
    const table = await mdp('status');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /^PIPELINE\s+STATE\s+LAST RUN \(UTC\)\s+TRIGGER\s+FRESHNESS\s+IN\s+VALID\s+QUARANTINED\s+FAILED SLICES/m,
    );
    expect(table.stdout).toMatch(
      new RegExp(
        `^prices\\s+succeeded\\s+\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\s+cli\\s+\\d+m\\s+${expected.length}\\s+${expected.length}\\s+0\\s+0\\s+30 22 \\* \\* 1-5 America/New_York`,
        'm',
      ),
    );
  });

  it('query returns the rows, as JSON and as a table', async () => {
    const sql =
      'SELECT ticker, count(*) AS bars, min(date) AS first_day FROM prices_daily GROUP BY ticker ORDER BY ticker';
    const json = await mdp('query', sql, '--json');
    expect(json.code).toBe(0);
    const byTicker = (t: string) => expected.filter((bar) => bar.ticker === t);
    expect(JSON.parse(json.stdout)).toEqual(
      TICKERS.map((t) => ({ ticker: t, bars: byTicker(t).length, first_day: byTicker(t)[0]?.date })),
    );
    const table = await mdp('query', sql);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n').slice(0, 3)).toEqual([
      'ticker  bars  first_day',
      '------  ----  ----------',
      `AAPL      ${byTicker('AAPL').length}  ${byTicker('AAPL')[0]?.date}`,
    ]);
    expect(table.stderr).toContain('2 rows');
  });

  it('a rerun of the same backfill skips the finished slices, adds nothing, and prints JSON on stdout', async () => {
    const result = await mdp(
      'backfill',
      'prices',
      '--from',
      FROM,
      '--to',
      TO,
      '--tickers',
      TICKERS.join(','),
      '--json',
    );
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as RunSummary;
    expect(summary).toMatchObject({
      status: 'succeeded',
      trigger: 'cli',
      slices: { total: 6, skipped: 6, failed: 0 },
      merged: { inserted: 0 },
    });
  });

  it('exits 1 and says "partial" when a ticker fails, after landing the others', async () => {
    const result = await mdp('run', 'prices', '--from', '2024-04-01', '--to', '2024-04-30', '--tickers', 'AAPL,ZZZZ');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('run partial: 1 of 2 slices failed');
    expect(result.stdout).toMatch(/failed {3}ZZZZ:2024-04-01:2024-04-30: UnknownTickerError: yahoo does not know ZZZZ/);
  });

  it.each([
    [['run', 'nope'], /unknown pipeline "nope".*; known pipelines: .*prices/],
    [['backfill', 'prices', '--from', '2024-02-30'], /--from must be a date as YYYY-MM-DD, got "2024-02-30"/],
    [
      ['backfill', 'prices', '--from', '2024-03-01', '--to', '2024-01-01'],
      /--from \(2024-03-01\) is after --to \(2024-01-01\)/,
    ],
    [['backfill', 'prices', '--tickers', ' , '], /--tickers needs at least one value/],
    [['backfill'], /missing required argument 'pipeline'/],
    [
      ['query', 'DELETE FROM prices_daily'],
      /query refused: only SELECT or WITH queries are allowed \(read-only\), got DELETE/,
    ],
    [['query', 'SELECT 1; DROP TABLE prices_daily'], /query refused: only one statement is allowed/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [[], /no command given|Usage: mdp/],
  ])('usage error %j exits 2 with a clear message and nothing on stdout', async (args, message) => {
    const result = await mdp(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('a bad configuration exits 2 naming the variable', async () => {
    const saved = env;
    env = { ...env, PRICES_SLICE_MONTHS: 'many' };
    try {
      const result = await mdp('run', 'prices');
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/PRICES_SLICE_MONTHS/);
    } finally {
      env = saved;
    }
  });

  it('--help exits 0 and lists the commands', async () => {
    const result = await mdp('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/run \[options\] <pipeline>[\s\S]*backfill[\s\S]*status[\s\S]*query/);
    expect(existsSync(bin)).toBe(true);
  });
});
