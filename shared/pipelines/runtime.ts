/**
 * The dependencies of a pipeline run, built once per process from the loaded config: lake,
 * warehouse, logger, clock and per-provider HTTP clients. Heavy modules (Cloud Storage, DuckDB,
 * BigQuery) are imported lazily, so a function's cold start loads only the backends it uses.
 */
import type { Config } from '../config/schema';
import { createHttpClient, type HttpClient } from '../http/client';
import type { RateLimitOptions } from '../http/rate-limit';
import type { Lake } from '../lake/types';
import type { Logger } from '../log/types';
import type { Warehouse } from '../warehouse/types';

/** Everything a run needs from outside; `close()` releases the warehouse. */
export interface PipelineRuntime {
  readonly config: Config;
  readonly lake: Lake;
  readonly warehouse: Warehouse;
  readonly log: Logger;
  readonly now: () => Date;
  /** An HTTP client for one provider, with the shared timeout/retry policy and its own rate limit. */
  http(provider: {
    baseUrl: string;
    rateLimit?: RateLimitOptions;
    headers?: Readonly<Record<string, string>>;
    secretQueryParams?: readonly string[];
  }): HttpClient;
  close(): Promise<void>;
}

/** Overrides for tests and tools; production passes none. */
export interface RuntimeOptions {
  log: Logger;
  now?: () => Date;
  /** Replaces globalThis.fetch in every HTTP client. */
  fetch?: typeof globalThis.fetch;
  /** Replaces the backoff sleep in every HTTP client (tests record waits instead of sleeping). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Builds the runtime for `config`. Rejects with ConfigError/StorageError when the configured lake
 * or warehouse cannot be set up (e.g. the DuckDB file is locked: retriable).
 */
export async function createPipelineRuntime(config: Config, options: RuntimeOptions): Promise<PipelineRuntime> {
  const { log } = options;
  const now = options.now ?? (() => new Date());
  const [{ createLake }, { createWarehouse }] = await Promise.all([
    import('../lake/create-lake'),
    import('../warehouse'),
  ]);
  const lake = createLake(config.lake, { log });
  const warehouse = await createWarehouse(config.warehouse, log.child({ component: 'warehouse' }));
  return {
    config,
    lake,
    warehouse,
    log,
    now,
    http: (provider) =>
      createHttpClient({
        baseUrl: provider.baseUrl,
        timeoutMs: config.http.timeoutMs,
        maxRetries: config.http.maxRetries,
        ...(config.http.userAgent === undefined ? {} : { userAgent: config.http.userAgent }),
        ...(provider.headers === undefined ? {} : { headers: provider.headers }),
        ...(provider.rateLimit === undefined ? {} : { rateLimit: provider.rateLimit }),
        ...(provider.secretQueryParams === undefined ? {} : { secretQueryParams: provider.secretQueryParams }),
        logger: log.child({ component: 'http' }),
        now,
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
      }),
    close: () => warehouse.close(),
  };
}

/**
 * Builds a runtime from `config`, runs `work` on it and closes it, whether `work` resolved or not:
 * what each pipeline's run-from-config does around its own run.
 */
export async function withPipelineRuntime<T>(
  config: Config,
  options: RuntimeOptions,
  work: (runtime: PipelineRuntime) => Promise<T>,
): Promise<T> {
  const runtime = await createPipelineRuntime(config, options);
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}
