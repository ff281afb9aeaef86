import { backfillSlices } from '../pipeline-tables';
import type { TableDef } from '../types';
import { insertRowsStatement } from './insert-rows';

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
    expect(insertRowsStatement(def, '`p.d.t`', [{ id: 'a', n: 1 }, { id: 'b' }])).toEqual({
      sql: 'INSERT INTO `p.d.t` (id, n) VALUES (CAST(@c0_0 AS STRING), CAST(@c1_0 AS INT64)), (CAST(@c0_1 AS STRING), CAST(@c1_1 AS INT64))',
      params: { c0_0: 'a', c1_0: 1, c0_1: 'b', c1_1: null },
    });
  });

  it('types each value as its column, so NULL dates of a backfill slice stay DATE', () => {
    expect(insertRowsStatement(backfillSlices, '`p.d.backfill_slices`', [{}]).sql).toMatch(
      /CAST\(@c\d+_0 AS DATE\), CAST\(@c\d+_0 AS DATE\)/,
    );
  });
});
