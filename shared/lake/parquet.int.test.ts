import { DuckDBInstance } from '@duckdb/node-api';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeParquet, type ParquetColumn } from './parquet';

// DuckDB is the embedded warehouse: proving it reads our files as typed columns shows interop with
// a second, independent Parquet reader (hyparquet being the first, in parquet.test.ts).
describe('encodeParquet: read by DuckDB (embedded, @duckdb/node-api)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lake-parquet-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('reads every column type back with its SQL type, nulls included', async () => {
    const columns: ParquetColumn[] = [
      { name: 'ticker', type: 'STRING' },
      { name: 'volume', type: 'INT64' },
      { name: 'close', type: 'FLOAT64' },
      { name: 'adjusted', type: 'BOOL' },
      { name: 'date', type: 'DATE' },
      { name: 'ingested_at', type: 'TIMESTAMP' },
      { name: 'raw', type: 'JSON' },
    ];
    const rows = [
      {
        ticker: 'AAPL',
        volume: 123456789012n,
        close: 189.25,
        adjusted: true,
        date: '2024-02-29',
        ingested_at: new Date('2024-03-01T12:34:56.789Z'),
        raw: { o: 1 },
      },
      { ticker: null, volume: null, close: null, adjusted: null, date: null, ingested_at: null, raw: null },
    ];
    const file = path.join(dir, 'prices.parquet');
    await fs.writeFile(file, encodeParquet(rows, columns));

    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run("SET TimeZone = 'UTC'");
      const types = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
      expect(types.getRowObjectsJS().map((r) => [r.column_name, r.column_type])).toEqual([
        ['ticker', 'VARCHAR'],
        ['volume', 'BIGINT'],
        ['close', 'DOUBLE'],
        ['adjusted', 'BOOLEAN'],
        ['date', 'DATE'],
        ['ingested_at', 'TIMESTAMP WITH TIME ZONE'],
        ['raw', 'JSON'],
      ]);
      const read = await connection.runAndReadAll(
        `SELECT ticker, volume, close, adjusted, CAST(date AS VARCHAR) AS date, epoch_ms(ingested_at) AS ingested_ms, raw->>'$.o' AS o
         FROM read_parquet('${file}') ORDER BY ticker NULLS LAST`,
      );
      expect(read.getRowObjectsJS()).toEqual([
        {
          ticker: 'AAPL',
          volume: 123456789012n,
          close: 189.25,
          adjusted: true,
          date: '2024-02-29',
          ingested_ms: 1709296496789n,
          o: '1',
        },
        { ticker: null, volume: null, close: null, adjusted: null, date: null, ingested_ms: null, o: null },
      ]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('reads a file of 10,000 rows with the right count and sum', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      n: i,
      day: `2024-01-${String((i % 28) + 1).padStart(2, '0')}`,
    }));
    const file = path.join(dir, 'many.parquet');
    await fs.writeFile(
      file,
      encodeParquet(rows, [
        { name: 'n', type: 'INT64' },
        { name: 'day', type: 'DATE' },
      ]),
    );
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const read = await connection.runAndReadAll(
        `SELECT count(*) AS c, sum(n) AS s, count(DISTINCT day) AS d FROM read_parquet('${file}')`,
      );
      expect(read.getRowObjectsJS()).toEqual([{ c: 10_000n, s: 49_995_000n, d: 28n }]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
