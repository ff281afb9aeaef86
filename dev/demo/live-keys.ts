/**
 * `make dev` (live providers): which services can run with the keys at hand. A source without its
 * key is skipped with a message naming the variable to set; keyless sources always run. Pure.
 */
import type { PipelineEntry } from '../../shared/pipelines/registry';

/** The variables each provider (registry `source`) needs; [] for keyless ones. */
export const KEYS_BY_SOURCE: Readonly<Record<string, readonly string[]>> = {
  yahoo: [],
  'yahoo-rss': [],
  // The news batch falls back to the keyless Yahoo RSS without Alpaca keys (it logs so).
  'alpaca-news': [],
  news: [],
  alpaca: ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY'],
  polygon: ['POLYGON_API_KEY'],
  producthunt: ['PRODUCT_HUNT_TOKEN'],
  'product-hunt': ['PRODUCT_HUNT_TOKEN'],
  crunchbase: ['CRUNCHBASE_API_KEY'],
};

/** The websocket streamer's keys (Alpaca's news stream has no keyless fallback). */
export const STREAMER_KEYS: readonly string[] = ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY'];

/** A service that cannot run, and why. */
export interface Skipped {
  name: string;
  missing: readonly string[];
  message: string;
}

/** What runs and what is skipped. */
export interface LivePlan {
  pipelines: readonly PipelineEntry[];
  streamer: boolean;
  skipped: readonly Skipped[];
}

const missingOf = (vars: readonly string[], env: Readonly<Record<string, string | undefined>>) => vars.filter((name) => (env[name] ?? '').trim() === '');

/** Splits the registry (and the streamer) by the keys `env` holds. */
export function planLive(pipelines: readonly PipelineEntry[], env: Readonly<Record<string, string | undefined>>): LivePlan {
  const skipped: Skipped[] = [];
  const runnable = pipelines.filter((entry) => {
    const missing = missingOf(KEYS_BY_SOURCE[entry.source] ?? [], env);
    if (missing.length === 0) return true;
    skipped.push({ name: entry.name, missing, message: `pipeline ${entry.name} skipped: set ${missing.join(' and ')} in .env to run it against ${entry.source}` });
    return false;
  });
  const streamerMissing = missingOf(STREAMER_KEYS, env);
  if (streamerMissing.length > 0) {
    skipped.push({ name: 'streamer', missing: streamerMissing, message: `news streamer skipped: set ${streamerMissing.join(' and ')} in .env for Alpaca's real-time news websocket` });
  }
  return { pipelines: runnable, streamer: streamerMissing.length === 0, skipped };
}
