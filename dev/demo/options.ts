/**
 * The demo launcher's own options, parsed by a pure function of an environment object and argv
 * (functions-framework's `parseOptions(env)` pattern): `main.ts` hands in process.env, tests pass
 * plain objects. Everything the PLATFORM reads stays in shared/config; these only say how the
 * launcher wires it up (where data lives, which ports, how fast the schedule runs).
 */
import { z } from 'zod';
import { ConfigError } from '../../shared/errors';

/** `demo`: replay stand-ins, no internet. `dev`: live providers, keys from `.env`. */
export type DemoMode = 'demo' | 'dev';

/** The parsed options; units in names. */
export interface DemoOptions {
  readonly mode: DemoMode;
  /** Root of the lake, the DuckDB file, the stream log and the events (default `.data`). */
  readonly dataDir: string;
  /** Interface every server binds (default 127.0.0.1). */
  readonly host: string;
  /** The dashboard's port (PORT, default 8080; 0 picks a free one). */
  readonly dashboardPort: number;
  /** Schedule milliseconds per real millisecond (DEMO_SPEED, default 60: an hour a minute). */
  readonly speed: number;
  /** Tickers of the demo watchlist, backfilled on first start. */
  readonly watchlist: readonly string[];
  /** First day of the first-start backfill, YYYY-MM-DD. */
  readonly backfillFrom: string;
  /** Crunchbase permalinks triggered once on first start. */
  readonly crunchbasePermalinks: readonly string[];
  /** Articles per second the news replay generates (demo mode only). */
  readonly newsRatePerSec: number;
  /** Longest wait for runs in flight when stopping, ms. */
  readonly stopGraceMs: number;
  /** The `.env` file read in dev mode. */
  readonly dotEnvPath: string;
}

const blankIsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const number = (fallback: number, check: z.ZodNumber) =>
  z.preprocess(blankIsUnset, z.coerce.number().pipe(check).default(fallback));
const list = (fallback: string) =>
  z.preprocess(
    blankIsUnset,
    z
      .string()
      .default(fallback)
      .transform((raw) => [
        ...new Set(
          raw
            .split(',')
            .map((part) => part.trim())
            .filter((part) => part !== ''),
        ),
      ]),
  );
const tickers = (fallback: string) =>
  z.preprocess(
    blankIsUnset,
    z
      .string()
      .default(fallback)
      .transform((raw) => [
        ...new Set(
          raw
            .split(',')
            .map((part) => part.trim().toUpperCase())
            .filter((part) => part !== ''),
        ),
      ])
      .pipe(
        z
          .array(z.string().regex(/^[A-Z][A-Z0-9.-]{0,9}$/, 'must be tickers such as AAPL'))
          .min(1, 'must name at least one ticker'),
      ),
  );

const envSchema = z.object({
  DEMO_MODE: z.preprocess(blankIsUnset, z.enum(['demo', 'dev']).default('demo')),
  DEMO_DATA_DIR: z.preprocess(blankIsUnset, z.string().default('.data')),
  DEMO_HOST: z.preprocess(blankIsUnset, z.string().default('127.0.0.1')),
  PORT: number(8080, z.number().int().min(0).max(65_535)),
  DEMO_SPEED: number(60, z.number().positive().max(1_000_000)),
  DEMO_WATCHLIST: tickers('AAPL,MSFT,NVDA,AMZN,GOOGL'),
  DEMO_BACKFILL_FROM: z.preprocess(
    blankIsUnset,
    z.iso.date({ error: 'must be a date YYYY-MM-DD' }).default('2022-01-01'),
  ),
  DEMO_CRUNCHBASE_PERMALINKS: list('acme-robotics,globex,initech,hooli'),
  DEMO_NEWS_RATE: number(0.5, z.number().min(0).max(1_000)),
  DEMO_STOP_GRACE_MS: number(15_000, z.number().int().min(0)),
  DEMO_DOTENV: z.preprocess(blankIsUnset, z.string().default('.env')),
});

/**
 * Parses the launcher options. `--live` (or DEMO_MODE=dev) selects live providers; `--port N`
 * overrides PORT.
 * @throws ConfigError naming every bad variable at once.
 */
export function parseDemoOptions(
  env: Readonly<Record<string, string | undefined>>,
  argv: readonly string[] = [],
): DemoOptions {
  const merged: Record<string, string | undefined> = { ...env };
  if (argv.includes('--live')) merged.DEMO_MODE = 'dev';
  const portAt = argv.indexOf('--port');
  if (portAt !== -1) merged.PORT = argv[portAt + 1];
  const parsed = envSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${String(issue.path[0] ?? '(options)')}: ${issue.message}`);
    throw new ConfigError(
      `Invalid demo options (${lines.length}):\n${lines.map((line) => `  - ${line}`).join('\n')}`,
      lines,
    );
  }
  const v = parsed.data;
  return Object.freeze({
    mode: v.DEMO_MODE,
    dataDir: v.DEMO_DATA_DIR,
    host: v.DEMO_HOST,
    dashboardPort: v.PORT,
    speed: v.DEMO_SPEED,
    watchlist: Object.freeze(v.DEMO_WATCHLIST),
    backfillFrom: v.DEMO_BACKFILL_FROM,
    crunchbasePermalinks: Object.freeze(v.DEMO_CRUNCHBASE_PERMALINKS),
    newsRatePerSec: v.DEMO_NEWS_RATE,
    stopGraceMs: v.DEMO_STOP_GRACE_MS,
    dotEnvPath: v.DEMO_DOTENV,
  });
}
