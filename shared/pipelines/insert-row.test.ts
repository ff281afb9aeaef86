import type { TableDef } from '../warehouse/types';
import { insertRowsStatement } from './insert-row';

const def: TableDef = {
  name: 't',
  description: 'test',
  columns: [
    { name: 'id', type: 'STRING', required: true, description: 'id' },
    { name: 'n', type: 'INT64', description: 'n' },
  ],
  key: ['id'],
};

describe('insertRowsStatement', () => {
  it('writes many rows in one INSERT with one typed parameter per value, missing values as NULL', () => {
    expect(insertRowsStatement(def, 'duckdb', 't', [{ id: 'a', n: 1 }, { id: 'b' }])).toEqual({
      sql: 'INSERT INTO t (id, n) VALUES (CAST(@c0_0 AS VARCHAR), CAST(@c1_0 AS BIGINT)), (CAST(@c0_1 AS VARCHAR), CAST(@c1_1 AS BIGINT))',
      params: { c0_0: 'a', c1_0: 1, c0_1: 'b', c1_1: null },
    });
    expect(insertRowsStatement(def, 'bigquery', '`p.d.t`', [{ id: 'a', n: 2 }]).sql).toBe('INSERT INTO `p.d.t` (id, n) VALUES (CAST(@c0_0 AS STRING), CAST(@c1_0 AS INT64))');
  });
});
