import { pricesDaily, ingestionRuns } from '../tables';
import { bigQueryAddColumns, bigQueryCreateTable, bigQueryTableResource } from './bigquery';
import { duckDbAddColumn, duckDbComments, duckDbCreateTable } from './duckdb';

describe('DuckDB DDL', () => {
  it('creates the table with NOT NULL on required columns and the natural key as PRIMARY KEY', () => {
    const sql = duckDbCreateTable(pricesDaily);
    expect(sql).toMatch(/^CREATE TABLE IF NOT EXISTS "prices_daily" \(/);
    expect(sql).toContain('"ticker" VARCHAR NOT NULL');
    expect(sql).toContain('"date" DATE NOT NULL');
    expect(sql).toContain('"close" DOUBLE,');
    expect(sql).toContain('"volume" BIGINT,');
    expect(sql).toContain('"ingested_at" TIMESTAMP NOT NULL');
    expect(sql).toMatch(/PRIMARY KEY \("ticker", "date"\)\n\)$/);
    expect(duckDbCreateTable(ingestionRuns)).toContain('"cursor_before" JSON,');
  });

  it('carries descriptions as COMMENT ON with quotes escaped, and adds columns as nullable', () => {
    const comments = duckDbComments({ ...pricesDaily, description: "Bars' table" });
    expect(comments[0]).toBe(`COMMENT ON TABLE "prices_daily" IS 'Bars'' table'`);
    expect(comments).toHaveLength(pricesDaily.columns.length + 1);
    expect(
      duckDbAddColumn('prices_daily', { name: 'currency', type: 'STRING', required: true, description: 'x' }),
    ).toBe('ALTER TABLE "prices_daily" ADD COLUMN IF NOT EXISTS "currency" VARCHAR');
  });
});

describe('BigQuery DDL', () => {
  it('builds the tables.insert resource with DAY partitioning, clustering and descriptions', () => {
    const resource = bigQueryTableResource(pricesDaily, 'proj', 'market');
    expect(resource.tableReference).toEqual({ projectId: 'proj', datasetId: 'market', tableId: 'prices_daily' });
    expect(resource.timePartitioning).toEqual({ type: 'DAY', field: 'date' });
    expect(resource.clustering).toEqual({ fields: ['ticker'] });
    expect(resource.requirePartitionFilter).toBe(false);
    expect(resource.description).toBe(pricesDaily.description);
    expect(resource.schema.fields[0]).toEqual({
      name: 'ticker',
      type: 'STRING',
      mode: 'REQUIRED',
      description: pricesDaily.columns[0]!.description,
    });
    expect(resource.schema.fields.find((f) => f.name === 'volume')).toMatchObject({
      type: 'INTEGER',
      mode: 'NULLABLE',
    });
    expect(
      bigQueryTableResource({ ...pricesDaily, partitionField: undefined, clustering: undefined }, 'p', 'd'),
    ).not.toHaveProperty('timePartitioning');
  });

  it('writes CREATE TABLE with PARTITION BY the date, or the UTC day of a timestamp, and CLUSTER BY', () => {
    const prices = bigQueryCreateTable(pricesDaily, 'proj', 'market');
    expect(prices).toMatch(/^CREATE TABLE IF NOT EXISTS `proj\.market\.prices_daily` \(/);
    expect(prices).toContain("`ticker` STRING NOT NULL OPTIONS(description='Exchange ticker symbol, upper case.')");
    expect(prices).toContain('\nPARTITION BY `date`\nCLUSTER BY `ticker`\n');
    expect(prices).toMatch(
      /OPTIONS\(description='Daily OHLCV bars per ticker and trading day\.', require_partition_filter=FALSE\)$/,
    );
    const runs = bigQueryCreateTable({ ...ingestionRuns, requirePartitionFilter: true }, 'proj', 'market');
    expect(runs).toContain('PARTITION BY TIMESTAMP_TRUNC(`started_at`, DAY)\nCLUSTER BY `pipeline`');
    expect(runs).toContain('require_partition_filter=TRUE');
  });

  it('adds columns with ALTER TABLE ... ADD COLUMN IF NOT EXISTS', () => {
    expect(bigQueryAddColumns('`p.d.t`', [{ name: 'currency', type: 'STRING', description: "it's" }])).toBe(
      "ALTER TABLE `p.d.t`\n  ADD COLUMN IF NOT EXISTS `currency` STRING OPTIONS(description='it\\'s')",
    );
  });
});
