/**
 * The consumers' settings, written as shared/config `sections` entries so they can move into
 * shared/config/schema.ts unchanged as `consumers: consumersSection` (the lead owns that file).
 * `consumersSettingsFrom(config)` reads that section once it is there and falls back to the
 * defaults until then (the same bridge as shared/pipelines' prices settings).
 */
import { z } from 'zod';
import { ConfigError } from '../../shared/errors';
import { matching, oneOf, text, wholeNumber, type Setting } from '../../shared/config/settings';

/** Which service a container of the one streamer image runs. */
export const STREAMER_ROLES = ['all', 'producer', 'lake-sink', 'analyst'] as const;
export type StreamerRole = (typeof STREAMER_ROLES)[number];

const topicName = (env: string, fallback: string) => matching(env, /^[a-zA-Z0-9._-]{1,249}$/, 'must be a Kafka topic name', fallback);

/** Section of the consumer settings, in shared/config's format. */
export const consumersSection = {
  role: oneOf('STREAMER_ROLE', STREAMER_ROLES, 'producer'),
  lakeSinkGroup: topicName('LAKE_SINK_GROUP', 'lake-sink'),
  /** Most messages per lake object and per MERGE. */
  lakeSinkMaxBatch: wholeNumber('LAKE_SINK_MAX_BATCH', 1_000, { min: 1, max: 100_000 }),
  /** Longest a delivered batch waits for others to share its flush (group commit), ms; 0: next event-loop turn. */
  lakeSinkFlushMs: wholeNumber('LAKE_SINK_FLUSH_MS', 0, { max: 60_000 }),
  analystGroup: topicName('ANALYST_GROUP', 'analyst'),
  /** Pub/Sub topic of the analyst's per-article summaries. */
  signalsTopic: matching('NEWS_SIGNALS_TOPIC', /^[A-Za-z][A-Za-z0-9._~+%-]{2,254}$/, 'must be a Pub/Sub topic name', 'news-signals'),
  /** Extra tickers the analyst recognises in headlines, beside PRICES_WATCHLIST (comma-separated). */
  analystTickers: text('ANALYST_TICKERS', ''),
  /** Folder of the local events (JSON lines) when no Pub/Sub is configured. */
  eventsDir: text('EVENTS_DIR', '.data/events'),
} as const satisfies Record<string, Setting>;

/** The parsed consumer settings. */
export interface ConsumersSettings {
  readonly role: StreamerRole;
  readonly lakeSinkGroup: string;
  readonly lakeSinkMaxBatch: number;
  readonly lakeSinkFlushMs: number;
  readonly analystGroup: string;
  readonly signalsTopic: string;
  readonly analystTickers: readonly string[];
  readonly eventsDir: string;
}

/**
 * Parses the consumer settings from an environment object (pure; shared/config supplies the real one).
 * @throws ConfigError listing every bad variable (`NAME: problem`).
 */
export function parseConsumersSettings(env: Readonly<Record<string, string | undefined>>): ConsumersSettings {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [field, setting] of Object.entries(consumersSection) as [string, Setting][]) {
    const parsed = (setting.schema as z.ZodType).safeParse(env[setting.env]);
    if (parsed.success) values[field] = parsed.data;
    else problems.push(`${setting.env}: ${[...new Set(parsed.error.issues.map((i) => i.message))].join('; ')}`);
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid consumer configuration (${problems.length} problem(s)):\n${problems.map((p) => `  - ${p}`).join('\n')}`, problems);
  }
  const tickers = String(values.analystTickers ?? '').split(',').map((t) => t.trim().toUpperCase()).filter((t) => t !== '');
  return Object.freeze({ ...(values as Omit<ConsumersSettings, 'analystTickers'>), analystTickers: Object.freeze([...new Set(tickers)]) });
}

/**
 * The consumer settings of a loaded config: its `consumers` section (raw values of
 * `consumersSection`, once shared/config carries it), or the defaults when there is none.
 * @throws ConfigError as parseConsumersSettings.
 */
export function consumersSettingsFrom(config: object): ConsumersSettings {
  const section = (config as { consumers?: Readonly<Record<string, unknown>> }).consumers;
  const env: Record<string, string | undefined> = {};
  for (const [field, setting] of Object.entries(consumersSection) as [string, Setting][]) {
    const value = section?.[field];
    env[setting.env] = value === undefined || value === null ? undefined : Array.isArray(value) ? value.join(',') : String(value);
  }
  return parseConsumersSettings(env);
}
