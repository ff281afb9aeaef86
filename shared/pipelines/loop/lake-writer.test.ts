import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createLocalDirLake } from '../../lake/local-dir';
import { cleanKey, rawKey } from '../../lake/paths';
import { pricesDaily } from '../../warehouse/tables';
import { groupName } from './slice-groups';
import { createLakeWriter, groupByDay, parquetColumnsOf } from './lake-writer';
import { defaultRunId, backfillIdOf } from './run';

describe('lake naming of a run', () => {
  it('names raw objects and clean files by run id and commit group, so a retry of the same run overwrites them', () => {
    const runId = defaultRunId('prices', new Date('2024-03-08T22:30:05.123Z'), () => 0.123456789);
    expect(runId).toMatch(/^prices-20240308T223005-[a-z0-9]{6}$/);
    const stem = groupName(runId, [{ index: 3, id: 'AAPL:2024-01-01:2024-12-31' }]);
    expect(stem).toMatch(new RegExp(`^${runId}-g3-[0-9a-z]{7}$`));
    expect(rawKey({ source: 'yahoo', dt: '2024-03-08', runId: stem, n: 0 })).toBe(
      `raw/yahoo/dt=2024-03-08/${stem}-0.jsonl.gz`,
    );
    expect(cleanKey({ table: 'prices_daily', dt: '2024-03-07', runId: stem, n: 0 })).toBe(
      `clean/prices_daily/dt=2024-03-07/${stem}-0.parquet`,
    );
  });

  it('groups rows by partition day in day order', () => {
    const rows = [{ d: '2024-01-03' }, { d: '2024-01-02' }, { d: '2024-01-03' }];
    expect(groupByDay(rows, (r) => r.d)).toEqual([
      ['2024-01-02', [{ d: '2024-01-02' }]],
      ['2024-01-03', [{ d: '2024-01-03' }, { d: '2024-01-03' }]],
    ]);
  });

  it('writes clean Parquet with exactly the warehouse columns', () => {
    expect(parquetColumnsOf(pricesDaily).map((c) => `${c.name}:${c.type}`)).toEqual(
      pricesDaily.columns.map((c) => `${c.name}:${c.type}`),
    );
  });

  it('identifies a backfill by its range unless the caller names it', () => {
    expect(backfillIdOf({ mode: 'backfill', trigger: 'http', from: '2022-01-01', to: '2024-12-31' })).toBe(
      '2022-01-01_2024-12-31',
    );
    expect(
      backfillIdOf({ mode: 'backfill', trigger: 'http', from: '2022-01-01', to: '2024-12-31', backfillId: 'again' }),
    ).toBe('again');
    expect(backfillIdOf({ mode: 'incremental', trigger: 'schedule' })).toBeUndefined();
  });

  it('gzips raw pages for speed (level 1: the header says fastest) and losslessly', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lake-writer-'));
    try {
      const lake = createLocalDirLake({ root: dir });
      const writer = createLakeWriter(lake, {
        runId: 'prices-20240308T223005-abcdef',
        runDay: '2024-03-08',
        source: 'yahoo',
        table: pricesDaily,
      });
      const lines = [
        JSON.stringify({ chart: { result: [{ timestamp: [1, 2, 3] }] } }),
        JSON.stringify({ chart: { error: null } }),
      ];
      const key = await writer.writeRaw(lines, 'g0');
      const bytes = await lake.get(key);
      // RFC 1952: byte 8 (XFL) is 4 when the compressor used its fastest algorithm, 0 at zlib's default level.
      expect([bytes[0], bytes[1], bytes[8]]).toEqual([0x1f, 0x8b, 4]);
      expect(gunzipSync(bytes).toString('utf8')).toBe(`${lines.join('\n')}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
