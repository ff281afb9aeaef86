import { StorageError } from '../errors';
import { prepareBatch } from './batch';
import { mergeSql, partitionRange, toNdjson } from './bigquery/sql';
import { rewriteNamedParams } from './named-params';
import { assertValidTableDef } from './table-def';
import { TABLES, ingestionRuns, pricesDaily, tableByName } from './tables';
import { plainDecimal, plainInteger } from './values';

const bar = {
  ticker: 'AAA',
  date: '2024-01-02',
  close: 1.5,
  volume: 10,
  source: 's',
  ingested_at: '2024-01-02T10:00:00+01:00',
};

describe('table definitions', () => {
  it.each(TABLES.map((def) => [def.name, def]))('%s is valid on both backends', (_name, def) => {
    expect(assertValidTableDef(def)).toBe(def);
  });

  it('finds tables by name', () => {
    expect(tableByName('prices_daily')).toBe(pricesDaily);
    expect(tableByName('nope')).toBeUndefined();
  });

  it('lists every problem of a bad definition at once', () => {
    expect(() =>
      assertValidTableDef({
        ...pricesDaily,
        key: ['ticker', 'close'],
        partitionField: 'volume',
        clustering: ['a', 'b', 'c', 'd', 'e'],
      }),
    ).toThrow(
      /key column 'close' must be required; partition field 'volume' must be DATE or TIMESTAMP, not INT64; at most 4 clustering fields, got 5; clustering field 'a' is not declared/,
    );
  });
});

describe('prepareBatch', () => {
  it('converts values to one canonical form', () => {
    const { rows } = prepareBatch(pricesDaily, [bar]);
    expect(rows[0]).toEqual(['AAA', '2024-01-02', null, null, null, 1.5, null, '10', 's', '2024-01-02T09:00:00.000Z']);
  });

  it.each([
    [{ ...bar, extra: 1 }, /column 'extra' that the table does not declare/],
    [{ ...bar, ticker: null }, /no value for required column 'ticker'/],
    [{ ...bar, date: '2024-1-2' }, /column 'date' \(DATE\): expected a 'YYYY-MM-DD' string/],
    [{ ...bar, volume: 1.5 }, /column 'volume' \(INT64\)/],
    [{ ...bar, close: Number.NaN }, /column 'close' \(FLOAT64\): expected a finite number/],
    [{ ...bar, ingested_at: 'yesterday' }, /column 'ingested_at' \(TIMESTAMP\)/],
  ])('rejects a bad row as terminal (%#)', (row, message) => {
    expect.assertions(2);
    try {
      prepareBatch(pricesDaily, [row]);
    } catch (error) {
      expect(error).toMatchObject({ retriable: false });
      expect((error as StorageError).message).toMatch(message);
    }
  });

  it('rejects a batch holding one natural key twice', () => {
    expect(() => prepareBatch(pricesDaily, [bar, { ...bar, close: 2 }])).toThrow(
      /rows 0 and 1 share the natural key \(ticker, date\) = \["AAA","2024-01-02"\]/,
    );
  });

  it('tells keys apart whose texts would run together, and a null from the text that spells it', () => {
    const pair = {
      ...pricesDaily,
      name: 'pairs',
      key: ['a', 'b'],
      partitionField: undefined,
      clustering: [],
      columns: [
        { name: 'a', type: 'STRING' as const, required: true, description: 'first key part' },
        { name: 'b', type: 'STRING' as const, required: true, description: 'second key part' },
        { name: 'c', type: 'STRING' as const, description: 'payload' },
      ],
    };
    const rows = [
      { a: 'x;', b: 'y' },
      { a: 'x', b: ';y' },
      { a: '1:x', b: 'y' },
      { a: 'x;1', b: ':y' },
    ];
    expect(prepareBatch(pair, rows).rows).toHaveLength(4);
    expect(() => prepareBatch(pair, [...rows, { a: 'x', b: ';y', c: 'again' }])).toThrow(
      /rows 1 and 4 share the natural key \(a, b\) = \["x",";y"\]/,
    );
    const nullable = { ...pair, key: ['a', 'c'] };
    expect(
      prepareBatch(nullable, [
        { a: 'k', b: 'b', c: null },
        { a: 'k', b: 'b', c: '-' },
      ]).rows,
    ).toHaveLength(2);
  });
});

describe('rewriteNamedParams', () => {
  it('rewrites @names outside literals, quoted identifiers and comments', () => {
    const sql = "SELECT '@no', \"@no\", `@no` -- @no\n, @a, @b_2 /* @no */ FROM t WHERE x = @a AND y = 'it''s @no'";
    const result = rewriteNamedParams(sql, (name) => `$${name}`);
    expect(result.names).toEqual(['a', 'b_2']);
    expect(result.sql).toBe(
      "SELECT '@no', \"@no\", `@no` -- @no\n, $a, $b_2 /* @no */ FROM t WHERE x = $a AND y = 'it''s @no'",
    );
  });

  it('leaves BigQuery @@system variables alone', () => {
    expect(rewriteNamedParams('SELECT @@row_count', (n) => `$${n}`)).toEqual({ sql: 'SELECT @@row_count', names: [] });
  });
});

describe('BigQuery MERGE text', () => {
  it('prunes by a constant range when the partition field is in the key', () => {
    const batch = prepareBatch(pricesDaily, [bar, { ...bar, date: '2023-12-29' }]);
    expect(partitionRange(pricesDaily, batch, 'T')).toBe("T.`date` BETWEEN DATE '2023-12-29' AND DATE '2024-01-02'");
    expect(
      partitionRange(
        ingestionRuns,
        prepareBatch(ingestionRuns, [
          { run_id: 'r', pipeline: 'p', trigger: 't', status: 's', started_at: new Date(0) },
        ]),
        'T',
      ),
    ).toBeUndefined();
  });

  it('deletes matched keys and inserts every staged row in one statement', () => {
    const sql = mergeSql(ingestionRuns, '`p.d.t`', '`p.d.s`', undefined);
    expect(sql).toContain('MERGE `p.d.t` AS T USING `p.d.s` AS S ON FALSE');
    expect(sql).toContain('WHEN NOT MATCHED BY SOURCE AND T.`run_id` IN (SELECT `run_id` FROM `p.d.s`) THEN DELETE');
    expect(sql).toContain('PARSE_JSON(S.`cursor_before`)');
    expect(mergeSql(pricesDaily, '`p.d.t`', '`p.d.s`', undefined)).toContain(
      'TO_JSON_STRING(STRUCT(T.`ticker`, T.`date`)) IN (SELECT TO_JSON_STRING(STRUCT(`ticker`, `date`)) FROM `p.d.s`)',
    );
  });

  it('writes NDJSON with JSON columns as text', () => {
    const batch = prepareBatch(ingestionRuns, [
      { run_id: 'r', pipeline: 'p', trigger: 't', status: 's', started_at: new Date(0), cursor_before: 'text' },
    ]);
    expect(toNdjson(batch)).toBe(
      '{"run_id":"r","pipeline":"p","trigger":"t","status":"s","started_at":"1970-01-01T00:00:00.000Z","cursor_before":"\\"text\\""}\n',
    );
  });
});

describe('result values', () => {
  it('keeps integers exact and decimals short', () => {
    expect(plainInteger(42n)).toBe(42);
    expect(plainInteger('9007199254740993')).toBe('9007199254740993');
    expect(plainDecimal('1.500000000')).toBe('1.5');
    expect(plainDecimal('2.000000000')).toBe('2');
    expect(plainDecimal('-0.000000000')).toBe('0');
  });
});
