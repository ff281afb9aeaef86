/**
 * The run loop's definition hooks on DuckDB + a local lake, with a small in-test source (pages
 * generated in memory; storage is the real thing): related rows land in their own table and clean
 * lake folder, a slice that fails part way stores the resume cursor its error carries, and
 * `onProgress` sees every slice end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { IngestError } from '../../errors';
import { createLocalDirLake } from '../../lake';
import { createSilentLogger } from '../../log';
import { createWarehouse } from '../../warehouse';
import type { TableDef, Warehouse } from '../../warehouse/types';
import type { RawPage, Source } from '../../sources/types';
import { bindSource } from './bound-source';
import { runPipeline } from './run';
import type { PipelineDefinition, RunProgress } from './types';

jest.setTimeout(60_000);

interface Cursor {
  after: number;
}
interface Row {
  id: string;
  day: string;
  tags: string[];
}
const Wire = z.object({
  items: z.array(z.object({ id: z.string(), day: z.string(), tags: z.array(z.string()) })),
  next: z.number(),
});
type Wire = z.infer<typeof Wire>;

class StopWithResume extends IngestError {
  constructor(readonly resumeAt: Cursor) {
    super('budget spent', { retriable: true });
  }
}

const items: TableDef = {
  name: 'hook_items',
  description: 'Items of the hooks test.',
  columns: [
    { name: 'id', type: 'STRING', required: true, description: 'id' },
    { name: 'day', type: 'DATE', required: true, description: 'day' },
    { name: 'ingested_at', type: 'TIMESTAMP', required: true, description: 'ingested_at' },
  ],
  key: ['id'],
  partitionField: 'day',
};
const itemTags: TableDef = {
  name: 'hook_item_tags',
  description: 'Tags of the hooks test items.',
  columns: [
    { name: 'id', type: 'STRING', required: true, description: 'id' },
    { name: 'tag', type: 'STRING', required: true, description: 'tag' },
    { name: 'day', type: 'DATE', required: true, description: 'day' },
  ],
  key: ['id', 'tag'],
  partitionField: 'day',
};

/** Scope 'a' yields two pages; scope 'b' yields one page, then fails with a resume point after it. */
function source(): Source<Cursor, Wire, Row> {
  return {
    name: 'hooks',
    wire: Wire,
    keys: ['id'],
    async *pages(cursor, ctx): AsyncIterable<RawPage> {
      const scope = (ctx.config as { scope: string }).scope;
      const page = (n: number): RawPage => ({
        source: 'hooks',
        request: { method: 'GET', url: `memory://${scope}/${n}`, params: { scope } },
        status: 200,
        receivedAt: ctx.now().toISOString(),
        body: {
          items: [{ id: `${scope}${n}`, day: '2026-01-0' + String(n + 1), tags: n === 0 ? ['x', 'y'] : ['z', ''] }],
          next: n + 1,
        },
      });
      yield page(cursor.after);
      if (scope === 'b') throw new StopWithResume({ after: cursor.after + 1 });
      yield page(cursor.after + 1);
    },
    normalize: (wire) => ({ rows: wire.items, problems: [], skipped: {} }),
    nextCursor: (cursor, rows) => ({ after: cursor.after + rows.length }),
  };
}

function definition(): PipelineDefinition<Cursor, Row, Row> {
  const src = source();
  return {
    name: 'hooks',
    // The scope travels in the cursor's context here; a real source reads its request from the cursor.
    source: bindSource(
      {
        ...src,
        pages: (cursor, ctx) =>
          src.pages(cursor, { ...ctx, config: { scope: (cursor as Cursor & { scope: string }).scope } }),
      },
      { http: undefined as never, log: createSilentLogger(), now: () => new Date('2026-02-01T00:00:00Z'), config: {} },
    ),
    table: items,
    tables: [items, itemTags],
    today: () => '2026-02-01',
    resolve: (request) => request,
    plan: (_request, cursors) =>
      ['a', 'b'].map((scope) => ({
        id: scope,
        scope,
        cursor: { after: cursors.get(scope)?.after ?? 0, scope } as Cursor,
      })),
    validate: (rows) => ({ valid: [...rows], rejected: [] }),
    toWarehouseRow: (row, ingestedAt) => ({ id: row.id, day: row.day, ingested_at: ingestedAt }),
    advance: (_stored, next) => ({ after: next.after }),
    related: ({ valid }) => [
      {
        table: itemTags,
        rows: valid.flatMap((row) =>
          row.tags.filter((tag) => tag !== '').map((tag) => ({ id: row.id, tag, day: row.day })),
        ),
        rejected: valid.flatMap((row, index) =>
          row.tags.includes('')
            ? [
                {
                  path: `rows.${index}.tags`,
                  record: row,
                  issues: [{ code: 'empty_tag', path: 'tags', message: 'empty tag' }],
                },
              ]
            : [],
        ),
      },
    ],
    resumeCursor: (error) => (error instanceof StopWithResume ? error.resumeAt : undefined),
  };
}

describe('run loop hooks (DuckDB + local lake)', () => {
  let dir: string;
  let warehouse: Warehouse;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'run-hooks-'));
    warehouse = await createWarehouse({
      backend: 'duckdb',
      duckdbPath: join(dir, 'w.duckdb'),
      dataset: 'unused',
      location: 'US',
    });
  });
  afterAll(async () => {
    await warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('merges related rows, stores a failing slice resume cursor and reports progress', async () => {
    const lake = createLocalDirLake({ root: join(dir, 'lake') });
    const progress: RunProgress[] = [];
    let clock = Date.parse('2026-02-01T00:00:00Z');
    const summary = await runPipeline(
      definition(),
      { mode: 'incremental', trigger: 'manual' },
      {
        lake,
        warehouse,
        log: createSilentLogger(),
        now: () => new Date((clock += 1000)),
        onProgress: (p) => progress.push(p),
      },
    );

    expect(summary.status).toBe('partial');
    expect(summary.mergedByTable).toEqual({
      hook_items: { inserted: 3, updated: 0 },
      hook_item_tags: { inserted: 5, updated: 0 },
    });
    expect(await warehouse.query('SELECT id, tag FROM hook_item_tags ORDER BY id, tag')).toEqual([
      { id: 'a0', tag: 'x' },
      { id: 'a0', tag: 'y' },
      { id: 'a1', tag: 'z' },
      { id: 'b0', tag: 'x' },
      { id: 'b0', tag: 'y' },
    ]);
    // b failed after its first page: its cursor is the error's resume point, not unchanged.
    expect(summary.cursorAfter).toEqual({ a: { after: 2 }, b: { after: 1 } });
    expect(progress.map((p) => [p.done, p.total])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(progress.map((p) => p.report.id).sort()).toEqual(['a', 'b']);
    const keysUnder = async (prefix: string) => {
      const keys: string[] = [];
      for await (const info of lake.list(prefix)) keys.push(info.key);
      return keys;
    };
    expect((await keysUnder('clean/hook_item_tags/')).length).toBeGreaterThan(0);
    const quarantine = await keysUnder('quarantine/');
    expect(quarantine).toHaveLength(1);
    const text = (await lake.get(quarantine[0]!)).toString('utf8');
    expect(text).toContain('hook_item_tags:rows.0.tags');

    // The next run resumes b at its stored point (page 1), adding exactly one item.
    const again = await runPipeline(
      definition(),
      { mode: 'incremental', trigger: 'manual' },
      { lake, warehouse, log: createSilentLogger(), now: () => new Date((clock += 1000)) },
    );
    expect(again.cursorBefore).toEqual({ a: { after: 2 }, b: { after: 1 } });
    expect(await warehouse.query('SELECT id FROM hook_items ORDER BY id')).toEqual([
      { id: 'a0' },
      { id: 'a1' },
      { id: 'a2' },
      { id: 'a3' },
      { id: 'b0' },
      { id: 'b1' },
    ]);
  });
});
