/**
 * `make dev` (live providers): which services can run with the keys at hand. A source without its
 * key is skipped with a message naming the variable to set; keyless sources always run. Pure.
 */
import {
  PROVIDER_KEYS,
  STREAMER_PROVIDER_KEYS,
  keyNames,
  providerKeysOf,
  type PipelineEntry,
} from '../../shared/pipelines/registry';

/**
 * The variables each provider (registry `source`) needs in order to run; [] for keyless ones and
 * for those with a keyless fallback (the news batch reads Yahoo RSS without Alpaca keys, and logs
 * so). Derived from the one definition in shared/sources/provider-keys.ts: only `required` keys.
 */
export const KEYS_BY_SOURCE: Readonly<Record<string, readonly string[]>> = Object.freeze(
  Object.fromEntries(Object.entries(PROVIDER_KEYS).map(([source, keys]) => [source, keyNames(keys, 'required')])),
);

/** The websocket streamer's keys (Alpaca's news stream has no keyless fallback). */
export const STREAMER_KEYS: readonly string[] = keyNames(STREAMER_PROVIDER_KEYS, 'required');

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

const missingOf = (vars: readonly string[], env: Readonly<Record<string, string | undefined>>) =>
  vars.filter((name) => (env[name] ?? '').trim() === '');

/** Splits the registry (and the streamer) by the keys `env` holds. */
export function planLive(
  pipelines: readonly PipelineEntry[],
  env: Readonly<Record<string, string | undefined>>,
): LivePlan {
  const skipped: Skipped[] = [];
  const runnable = pipelines.filter((entry) => {
    const missing = missingOf(keyNames(providerKeysOf(entry.source), 'required'), env);
    if (missing.length === 0) return true;
    skipped.push({
      name: entry.name,
      missing,
      message: `pipeline ${entry.name} skipped: set ${missing.join(' and ')} in .env to run it against ${entry.source}`,
    });
    return false;
  });
  const streamerMissing = missingOf(STREAMER_KEYS, env);
  if (streamerMissing.length > 0) {
    skipped.push({
      name: 'streamer',
      missing: streamerMissing,
      message: `news streamer skipped: set ${streamerMissing.join(' and ')} in .env for Alpaca's real-time news websocket`,
    });
  }
  return { pipelines: runnable, streamer: streamerMissing.length === 0, skipped };
}
