/**
 * The least the work the floor skips can cost, measured on the bars our run loaded (a read-only
 * attach of its DuckDB file), each step timed alone in CPU seconds (every thread):
 *
 * - clean Parquet: every bar through our encoder (hyparquet-writer; DuckDB's own partitioned COPY
 *   measured dearer, 3.5 against 2.1 CPU-s), in the fewest files the layout allows: one per
 *   trading day (`clean/prices_daily/dt=<day>/`), where our commit groups write about three;
 * - MERGE: the one statement that makes a rerun add nothing, from an already typed staging table
 *   (no casts, no Appender: the floor paid for getting the bars into DuckDB) into an empty table;
 * - validation: the zod contract and the sanity rules on the provider-neutral bars alone (no
 *   check of the provider's wire shape, no quarantine bookkeeping);
 * - raw lake: each answer's bytes as received, gzipped as lake-writer.ts does (ARCHIVE_GZIP);
 * - lake writes: those day files and gzipped answers into a local directory at their least: plain
 *   synchronous writes (no fsync, no temporary name and rename, which our lake does so a crash
 *   leaves no torn file), the day files one per `dt=` folder, the answers concatenated into one
 *   object (gzip members concatenate).
 *
 * Each is run twice and the lower CPU kept, so the JIT's warm-up is not counted.
 * With the indicators' CPU from our run and the floor's own, these give the least CPU the work the
 * issue asks for costs here; stats.ts `floorCpuBound` turns that into the best ratio 2 cores allow.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { checkPriceBatch } from '../../shared/schemas/price-bar';
import { normalizeYahooChart } from '../../shared/sources/yahoo/normalize';
import type { YahooChartWire } from '../../shared/sources/yahoo/wire';
import { ARCHIVE_GZIP } from '../../shared/lake/gzip';
import { encodeParquet } from '../../shared/lake/parquet';
import { groupByDay, parquetColumnsOf } from '../../shared/pipelines/loop/lake-writer';
import { pricesDaily } from '../../shared/warehouse/tables';
import { duckDbCreateTable } from '../../shared/warehouse/ddl/duckdb';
import { mergeFromStaging } from '../../shared/warehouse/duckdb/sql';
import { EXTRAS_FACTS, sendReport } from './worker-report';
import { processCpuSeconds } from '../process-cpu';

/** The worker's one argument, as JSON. */
export interface ExtrasWorkerArgs {
  /** Our run's DuckDB file, closed by then; attached read-only. */
  oursDuckdbPath: string;
  /** Where the answers are (the bench's cache front) and which, for the validation and raw steps. */
  baseUrl: string;
  paths: { ticker: string; path: string }[];
  /** 'YYYY-MM-DD': the day the sanity rules take as today. */
  today: string;
}

/**
 * The lower CPU seconds of two runs of `step` (the JIT's warm-up is not the step's cost); `setUp`
 * runs before each, untimed.
 */
async function leastOfTwo(step: () => unknown, setUp: () => Promise<unknown> = async () => undefined): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < 2; round++) {
    await setUp();
    const start = processCpuSeconds();
    await step();
    times.push(processCpuSeconds() - start);
  }
  return Math.min(...times);
}

/**
 * CPU seconds of the validation and the raw step on every answer (fetched first, untimed), and
 * the gzipped answers.
 */
async function validationAndRaw(
  args: ExtrasWorkerArgs,
): Promise<{ validateCpuS: number; rawCpuS: number; gzipped: Buffer[] }> {
  const answers: { ticker: string; bytes: Buffer }[] = [];
  for (const { ticker, path: requestPath } of args.paths) {
    const response = await fetch(`${args.baseUrl}${requestPath}`, { headers: { accept: 'application/json' } });
    if (response.status !== 200) throw new Error(`${requestPath}: HTTP ${response.status}`);
    answers.push({ ticker, bytes: Buffer.from(await response.arrayBuffer()) });
  }
  const rows = answers.map(
    ({ ticker, bytes }) => normalizeYahooChart(JSON.parse(bytes.toString('utf8')) as YahooChartWire, { ticker }).rows,
  );
  let valid = 0;
  const validateCpuS = await leastOfTwo(() => {
    valid = 0;
    for (const page of rows) valid += checkPriceBatch(page, { today: args.today }).valid.length;
  });
  if (valid !== rows.reduce((n, page) => n + page.length, 0))
    throw new Error(`extras: ${valid} of the bars passed validation`);
  let gzipped: Buffer[] = [];
  const rawCpuS = await leastOfTwo(() => {
    gzipped = answers.map(({ bytes }) => gzipSync(bytes, ARCHIVE_GZIP));
  });
  return { validateCpuS, rawCpuS, gzipped };
}

/** CPU seconds of writing `dayFiles` (one per `dt=` folder) and `raw` (one object) under `root`. */
async function lakeWrites(
  root: string,
  dayFiles: readonly (readonly [string, Uint8Array])[],
  raw: Buffer,
): Promise<number> {
  return leastOfTwo(
    () => {
      for (const [day, bytes] of dayFiles) {
        const folder = path.join(root, 'clean', 'prices_daily', `dt=${day}`);
        mkdirSync(folder, { recursive: true });
        writeFileSync(path.join(folder, 'part-0.parquet'), bytes);
      }
      mkdirSync(path.join(root, 'raw', 'prices'), { recursive: true });
      writeFileSync(path.join(root, 'raw', 'prices', 'answers.json.gz'), raw);
    },
    async () => rmSync(root, { recursive: true, force: true }),
  );
}

async function main(args: ExtrasWorkerArgs): Promise<void> {
  const t0 = Date.now();
  const scratch = mkdtempSync(path.join(tmpdir(), 'bench-extras-'));
  const instance = await DuckDBInstance.create(path.join(scratch, 'extras.duckdb'));
  const connection = await instance.connect();
  try {
    await connection.run(`ATTACH '${args.oursDuckdbPath.replaceAll("'", "''")}' AS ours (READ_ONLY)`);
    const names = pricesDaily.columns.map((c) => c.name);
    // Rows as the pipeline hands them to the lake writer: days and instants as ISO text.
    const asRow = names.map((n) =>
      n === 'date'
        ? `strftime(date, '%Y-%m-%d') AS date`
        : n === 'ingested_at'
          ? `strftime(ingested_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS ingested_at`
          : n,
    );
    const rows = (
      await connection.runAndReadAll(`SELECT ${asRow.join(', ')} FROM ours.prices_daily`)
    ).getRowObjectsJS() as Record<string, string | number | null>[];
    for (const row of rows) if (typeof row.volume === 'bigint') row.volume = Number(row.volume);
    const days = groupByDay(rows, (row) => String(row.date));
    const columns = parquetColumnsOf(pricesDaily);
    let bytes = 0;
    const parquetCpuS = await leastOfTwo(() => {
      bytes = 0;
      for (const [, group] of days) bytes += encodeParquet(group, columns).length;
    });
    // Encoded again, untimed, for the write step: holding 36 MB of files while timing the encoder
    // made it 0.2 CPU-s dearer (more GC).
    const dayFiles = days.map(([day, group]) => [day, encodeParquet(group, columns)] as const);

    const { validateCpuS, rawCpuS, gzipped } = await validationAndRaw(args);
    const lakeWriteCpuS = await lakeWrites(path.join(scratch, 'lake'), dayFiles, Buffer.concat(gzipped));

    await connection.run('CREATE TEMP TABLE staging AS SELECT * FROM ours.prices_daily');
    const mergeCpuS = await leastOfTwo(
      () => connection.run(mergeFromStaging(pricesDaily, 'staging')),
      async () => {
        await connection.run(`DROP TABLE IF EXISTS ${pricesDaily.name}`);
        await connection.run(duckDbCreateTable(pricesDaily));
      },
    );
    const merged = Number(
      (await connection.runAndReadAll(`SELECT count(*) FROM ${pricesDaily.name}`)).getRows()[0]![0],
    );
    await sendReport({
      bars: merged,
      ms: Date.now() - t0,
      maxRssKb: process.resourceUsage().maxRSS,
      phases: {},
      facts: {
        [EXTRAS_FACTS.validateCpuS]: Math.round(validateCpuS * 100) / 100,
        [EXTRAS_FACTS.rawCpuS]: Math.round(rawCpuS * 100) / 100,
        [EXTRAS_FACTS.parquetCpuS]: Math.round(parquetCpuS * 100) / 100,
        [EXTRAS_FACTS.mergeCpuS]: Math.round(mergeCpuS * 100) / 100,
        [EXTRAS_FACTS.lakeWriteCpuS]: Math.round(lakeWriteCpuS * 100) / 100,
        [EXTRAS_FACTS.parquetFiles]: days.length,
        parquetMb: Math.round(bytes / 1e5) / 10,
      },
    });
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main(JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as ExtrasWorkerArgs).catch((error: unknown) => {
  process.stderr.write(
    `extras worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
