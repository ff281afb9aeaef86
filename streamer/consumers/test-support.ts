/**
 * Helpers for the consumers' integration tests and the stream bench (imported by tests and bench
 * only): temp DuckDB warehouses, reading back the lake sink's objects, and exactly-once counts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { partitionPrefix, type Lake } from '../../shared/lake';
import { NewsMessage } from '../../shared/schemas/news';
import { createWarehouse, type Warehouse } from '../../shared/warehouse';

/** A new temp folder. */
export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), `${prefix}-`));

/** A DuckDB warehouse in a new file of `dir` (or a new temp folder). */
export function tempDuckDb(dir = tempDir('consumers-duckdb')): Promise<Warehouse> {
  return createWarehouse({
    backend: 'duckdb',
    duckdbPath: join(dir, 'warehouse.duckdb'),
    dataset: 'unused',
    location: 'US',
  });
}

/** One lake object of the stream layer, decoded. */
export interface SinkObject {
  key: string;
  partition: number;
  firstOffset: bigint;
  lastOffset: bigint;
  ids: string[];
}

/** Every object under `stream/<topic>/`, gunzipped, each line parsed as a NewsMessage. */
export async function readSinkObjects(lake: Lake, topic: string): Promise<SinkObject[]> {
  const objects: SinkObject[] = [];
  for await (const info of lake.list(partitionPrefix({ layer: 'stream', name: topic }))) {
    const match = /\/(\d+)-(\d+)-(\d+)\.jsonl\.gz$/.exec(info.key);
    if (!match) throw new Error(`unexpected object in the stream layer: ${info.key}`);
    const lines = gunzipSync(await lake.get(info.key))
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '');
    objects.push({
      key: info.key,
      partition: Number(match[1]),
      firstOffset: BigInt(match[2]!),
      lastOffset: BigInt(match[3]!),
      ids: lines.map((l) => NewsMessage.parse(JSON.parse(l)).article.id),
    });
  }
  return objects;
}

/** Offsets covered by more than one object, per partition: `p:offset` strings (empty means none). */
export function overlappingOffsets(objects: readonly SinkObject[]): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const o of objects) {
    for (let offset = o.firstOffset; offset <= o.lastOffset; offset++) {
      const at = `${o.partition}:${offset}`;
      if (seen.has(at)) twice.push(at);
      seen.add(at);
    }
  }
  return twice;
}

/** Rows of `table` grouped by `column`: how many distinct values, how many rows. */
export async function rowCounts(
  warehouse: Warehouse,
  table: string,
  column: string,
): Promise<{ rows: number; distinct: number; values: string[] }> {
  const rows = await warehouse.query<{ v: string }>(`SELECT ${column} AS v FROM ${warehouse.tableRef(table)}`);
  const values = rows.map((r) => String(r.v));
  return { rows: values.length, distinct: new Set(values).size, values };
}

/** Lost = expected values missing; dup = rows beyond one per value; extra = values never expected. */
export function exactlyOnce(
  expected: readonly (string | number)[],
  got: readonly string[],
): { lost: number; dup: number; extra: number } {
  const want = new Set(expected.map(String));
  const have = new Set(got);
  return {
    lost: [...want].filter((id) => !have.has(id)).length,
    dup: got.length - have.size,
    extra: [...have].filter((id) => !want.has(id)).length,
  };
}
