import { cleanKey, rawKey } from '../lake/paths';
import { pricesDaily } from '../warehouse/tables';
import { batchName, groupByDay, parquetColumnsOf } from './lake-writer';
import { defaultRunId, backfillIdOf } from './run';

describe('lake naming of a run', () => {
  it('names objects by run id, slice and page, so a retry of the same run overwrites them', () => {
    const runId = defaultRunId('prices', new Date('2024-03-08T22:30:05.123Z'), () => 0.123456789);
    expect(runId).toMatch(/^prices-20240308T223005-[a-z0-9]{6}$/);
    const batch = batchName(runId, 3);
    expect(rawKey({ source: 'yahoo', dt: '2024-03-08', runId: batch, n: 0 })).toBe(`raw/yahoo/dt=2024-03-08/${runId}-s3-0.jsonl.gz`);
    expect(cleanKey({ table: 'prices_daily', dt: '2024-03-07', runId: batch, n: 1 })).toBe(`clean/prices_daily/dt=2024-03-07/${runId}-s3-1.parquet`);
    expect(() => batchName(runId, -1)).toThrow(RangeError);
  });

  it('groups rows by partition day in day order', () => {
    const rows = [{ d: '2024-01-03' }, { d: '2024-01-02' }, { d: '2024-01-03' }];
    expect(groupByDay(rows, (r) => r.d)).toEqual([
      ['2024-01-02', [{ d: '2024-01-02' }]],
      ['2024-01-03', [{ d: '2024-01-03' }, { d: '2024-01-03' }]],
    ]);
  });

  it('writes clean Parquet with exactly the warehouse columns', () => {
    expect(parquetColumnsOf(pricesDaily).map((c) => `${c.name}:${c.type}`)).toEqual(pricesDaily.columns.map((c) => `${c.name}:${c.type}`));
  });

  it('identifies a backfill by its range unless the caller names it', () => {
    expect(backfillIdOf({ mode: 'backfill', trigger: 'http', from: '2022-01-01', to: '2024-12-31' })).toBe('2022-01-01_2024-12-31');
    expect(backfillIdOf({ mode: 'backfill', trigger: 'http', from: '2022-01-01', to: '2024-12-31', backfillId: 'again' })).toBe('again');
    expect(backfillIdOf({ mode: 'incremental', trigger: 'schedule' })).toBeUndefined();
  });
});
