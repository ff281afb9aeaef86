/**
 * End-to-end support for the Product Hunt function: the REAL entry point registered with a pinned
 * clock (so runs happen "on" chosen days), warehouse readers, and a reader of every lake object's
 * decoded text (to prove a secret is nowhere in it). Backends come from prices-harness.ts.
 */
import { gunzipSync } from 'node:zlib';
import * as functions from '@google-cloud/functions-framework';
import { parquetReadObjects } from 'hyparquet';
import { createProductHuntHandler } from '../../functions/product-hunt';
import type { Product, ProductSnapshot } from '../../shared/schemas/product';
import type { Warehouse } from '../../shared/warehouse/types';
import { withWarehouse, listKeys, startFunction, type E2eBackend } from './prices-harness';
export { withWarehouse };

// The package exports `./testing`, which this tsconfig's node10 resolution cannot see; the types
// come from the file it maps to.
const { getTestServer } =
  require('@google-cloud/functions-framework/testing') as typeof import('@google-cloud/functions-framework/build/src/testing');

export type FunctionClient = Awaited<ReturnType<typeof startFunction>>;

/** The deployed registration (`productHunt`, real clock), as Cloud Functions loads it. */
export async function startDeployedFunction(): Promise<FunctionClient> {
  require('../../functions/product-hunt');
  return startFunction(getTestServer('productHunt'));
}

/**
 * The same handler code registered under `name` with the clock `now`: what a scheduled call on a
 * chosen day would do. Each test file registers its own name.
 */
export async function startFunctionAt(name: string, now: () => Date): Promise<FunctionClient> {
  functions.http(name, createProductHuntHandler({ now }));
  return startFunction(getTestServer(name));
}

function ref(warehouse: Warehouse, name: string): string {
  return warehouse.kind === 'duckdb' ? name : warehouse.tableRef(name);
}

/** Every stored product, newest first, in the contract's shape. */
export function storedProducts(backend: E2eBackend): Promise<Product[]> {
  return withWarehouse(backend, (w) =>
    w.query<Product>(
      `SELECT id, name, tagline, description, slug, url, website, votes_count, comments_count, created_at, featured_at, topics FROM ${ref(w, 'products')} ORDER BY created_at DESC, id`,
    ),
  );
}

/** Every snapshot, by day then product id. */
export function storedSnapshots(backend: E2eBackend): Promise<ProductSnapshot[]> {
  return withWarehouse(backend, (w) =>
    w.query<ProductSnapshot>(
      `SELECT product_id, snapshot_date, votes_count, comments_count FROM ${ref(w, 'product_snapshots')} ORDER BY snapshot_date, product_id`,
    ),
  );
}

/** The ledger rows of the pipeline, oldest first. */
export function ledgerRows(backend: E2eBackend): Promise<Record<string, unknown>[]> {
  return withWarehouse(backend, (w) =>
    w.query(`SELECT * FROM ${ref(w, 'ingestion_runs')} WHERE pipeline = @pipeline ORDER BY started_at, run_id`, {
      pipeline: 'product-hunt',
    }),
  );
}

/** Every bookkeeping and data row the pipeline wrote, as one JSON text. */
export async function warehouseText(backend: E2eBackend): Promise<string> {
  const tables = ['products', 'product_snapshots', 'ingestion_runs', 'pipeline_cursors'];
  const rows = await withWarehouse(backend, (w) =>
    Promise.all(tables.map((t) => w.query(`SELECT * FROM ${ref(w, t)}`))),
  );
  return JSON.stringify(rows);
}

/** Every lake object's key and decoded content: gzip inflated, Parquet read to rows. */
export async function lakeText(backend: E2eBackend): Promise<{ key: string; text: string }[]> {
  const out: { key: string; text: string }[] = [];
  for (const key of await listKeys(backend.lake, '')) {
    const bytes = await backend.lake.get(key);
    if (key.endsWith('.gz')) out.push({ key, text: gunzipSync(bytes).toString('utf8') });
    else if (key.endsWith('.parquet')) {
      const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      const rows = await parquetReadObjects({ file, utf8: true });
      out.push({ key, text: JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) });
    } else out.push({ key, text: bytes.toString('utf8') });
  }
  return out;
}

/** Collects what the process writes to stdout and stderr (the loggers' sink) while `work` runs. */
export async function captureOutput<T>(work: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return true;
    }) as typeof stream.write),
  );
  try {
    return { result: await work(), output: chunks.join('') };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}
