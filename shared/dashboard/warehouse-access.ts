/**
 * How a request reaches the warehouse. In-process callers share one open warehouse. The function
 * on DuckDB opens the file per request and closes it after, because DuckDB lets only one process
 * hold the file and the pipeline functions (other processes) must be able to write between two
 * dashboard requests; a request that finds the file locked retries briefly, then fails retriably.
 */
import { isRetriable } from '../errors';
import type { Warehouse } from '../warehouse/types';

/** Runs `work` with a usable warehouse and releases whatever it opened for it. */
export type WarehouseAccess = <T>(work: (warehouse: Warehouse) => Promise<T>) => Promise<T>;

/** Every request uses `warehouse`; the caller owns it and closes it. */
export function sharedWarehouse(warehouse: Warehouse): WarehouseAccess {
  return (work) => work(warehouse);
}

/** Options of `openPerRequest`. */
export interface OpenPerRequestOptions {
  /** Tries to open (and run) before giving up on a retriable error; default 5. */
  attempts?: number;
  /** First wait between tries, doubled each time; default 100 ms. */
  initialDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Opens a warehouse with `open` for each request and closes it when the work settles. Retries the
 * whole request (open + read: the reads are idempotent) on retriable errors such as DuckDB's
 * "Could not set lock"; the last error propagates.
 */
export function openPerRequest(open: () => Promise<Warehouse>, options: OpenPerRequestOptions = {}): WarehouseAccess {
  const attempts = options.attempts ?? 5;
  const initialDelayMs = options.initialDelayMs ?? 100;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async (work) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const warehouse = await open();
        try {
          return await work(warehouse);
        } finally {
          await warehouse.close();
        }
      } catch (error) {
        if (attempt >= attempts || !isRetriable(error)) throw error;
        await sleep(initialDelayMs * 2 ** (attempt - 1));
      }
    }
  };
}
