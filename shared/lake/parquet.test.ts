import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { encodeParquet, type ParquetColumn } from './parquet';

const columns: ParquetColumn[] = [
  { name: 'ticker', type: 'STRING' },
  { name: 'volume', type: 'INT64' },
  { name: 'close', type: 'FLOAT64' },
  { name: 'adjusted', type: 'BOOL' },
  { name: 'date', type: 'DATE' },
  { name: 'ingested_at', type: 'TIMESTAMP' },
  { name: 'raw', type: 'JSON' },
];

const toArrayBuffer = (buffer: Buffer): ArrayBuffer =>
  buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;

describe('encodeParquet', () => {
  it('writes every column type and reads back the same values, nulls included', async () => {
    const rows = [
      {
        ticker: 'AAPL',
        volume: 9_007_199_254_740_991n + 10n,
        close: 189.25,
        adjusted: true,
        date: '2024-02-29',
        ingested_at: new Date('2024-03-01T12:34:56.789Z'),
        raw: { o: 1, tags: ['x'] },
      },
      {
        ticker: 'MSFT',
        volume: 42,
        close: -0.5,
        adjusted: false,
        date: new Date('1969-12-31T00:00:00Z'),
        ingested_at: '2024-03-01T08:00:00+02:00',
        raw: 'text',
      },
      { ticker: null, volume: null, close: undefined, adjusted: null, date: null, ingested_at: null, raw: null },
      { ticker: 'Ünïcode ✓', ingested_at: 1_700_000_000_000 },
    ];
    const file = toArrayBuffer(encodeParquet(rows, columns));
    const read = await parquetReadObjects({ file, utf8: true });
    expect(read).toEqual([
      {
        ticker: 'AAPL',
        volume: 9_007_199_254_741_001n,
        close: 189.25,
        adjusted: true,
        date: new Date('2024-02-29T00:00:00Z'),
        ingested_at: new Date('2024-03-01T12:34:56.789Z'),
        raw: { o: 1, tags: ['x'] },
      },
      {
        ticker: 'MSFT',
        volume: 42n,
        close: -0.5,
        adjusted: false,
        date: new Date('1969-12-31T00:00:00Z'),
        ingested_at: new Date('2024-03-01T06:00:00Z'),
        raw: 'text',
      },
      { ticker: null, volume: null, close: null, adjusted: null, date: null, ingested_at: null, raw: null },
      {
        ticker: 'Ünïcode ✓',
        volume: null,
        close: null,
        adjusted: null,
        date: null,
        ingested_at: new Date(1_700_000_000_000),
        raw: null,
      },
    ]);
  });

  it('gives each timestamp text its own instant when texts interleave across rows and files', async () => {
    const texts = [
      '2024-03-01T08:00:00Z',
      '2024-03-01T08:00:00.001Z',
      '2024-03-01T10:00:00+02:00',
      '2024-03-02T00:00:00Z',
    ];
    for (const order of [
      [0, 1, 2, 3, 1, 0, 3],
      [3, 2, 1, 0, 2],
    ]) {
      const file = toArrayBuffer(
        encodeParquet(
          order.map((i) => ({ ingested_at: texts[i] })),
          [{ name: 'ingested_at', type: 'TIMESTAMP' }],
        ),
      );
      const read = await parquetReadObjects({ file });
      expect(read.map((row) => (row.ingested_at as Date).toISOString())).toEqual(
        order.map((i) => new Date(texts[i]!).toISOString()),
      );
    }
  });

  it('declares the logical types readers (BigQuery, DuckDB) rely on', () => {
    const metadata = parquetMetadata(toArrayBuffer(encodeParquet([], columns)));
    const byName = Object.fromEntries(parquetSchema(metadata).children.map((c) => [c.element.name, c.element]));
    expect(metadata.num_rows).toBe(0n);
    expect(byName.ticker).toMatchObject({
      type: 'BYTE_ARRAY',
      repetition_type: 'OPTIONAL',
      logical_type: { type: 'STRING' },
    });
    expect(byName.volume).toMatchObject({ type: 'INT64' });
    expect(byName.close).toMatchObject({ type: 'DOUBLE' });
    expect(byName.adjusted).toMatchObject({ type: 'BOOLEAN' });
    expect(byName.date).toMatchObject({ type: 'INT32', logical_type: { type: 'DATE' } });
    expect(byName.ingested_at).toMatchObject({
      type: 'INT64',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
    });
    expect(byName.raw).toMatchObject({ type: 'BYTE_ARRAY', logical_type: { type: 'JSON' } });
  });

  it.each([
    [
      'a string in an INT64 column',
      [{ volume: '12' }],
      'parquet column volume (INT64): expected a safe integer or a bigint, got string "12" (row 0)',
    ],
    ['a fraction in an INT64 column', [{ volume: 1.5 }], 'volume (INT64): expected a safe integer'],
    ['NaN in a FLOAT64 column', [{ close: NaN }], 'close (FLOAT64): expected a finite number'],
    ['a number in a STRING column', [{ ticker: 5 }], 'ticker (STRING): expected a string'],
    ['a string in a BOOL column', [{ adjusted: 'true' }], 'adjusted (BOOL): expected a boolean'],
    ['an impossible DATE', [{ date: '2023-02-29' }], "date (DATE): expected a 'YYYY-MM-DD' string"],
    [
      'a timestamp without a zone',
      [{ ingested_at: '2024-01-01T10:00:00' }],
      'ingested_at (TIMESTAMP): expected a Date',
    ],
    ['an undefined-only JSON value', [{ raw: () => 1 }], 'raw (JSON): expected a JSON-serialisable value'],
    [
      'a key that is not a column',
      [{ ticker: 'A' }, { tikcer: 'B' }],
      'parquet row 1: key "tikcer" is not one of the columns',
    ],
  ])('rejects %s with a TypeError naming column and row', (_label, rows, message) => {
    expect(() => encodeParquet(rows, columns)).toThrow(TypeError);
    expect(() => encodeParquet(rows, columns)).toThrow(message);
  });

  it('rejects duplicate or missing columns', () => {
    expect(() =>
      encodeParquet(
        [],
        [
          { name: 'a', type: 'STRING' },
          { name: 'a', type: 'INT64' },
        ],
      ),
    ).toThrow('unique names');
    expect(() => encodeParquet([], [])).toThrow('at least one column');
  });
});
