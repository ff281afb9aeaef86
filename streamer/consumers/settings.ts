/**
 * The consumers' settings: the config schema's `consumers` section (shared/config/schema.ts owns the
 * variables, their patterns and defaults), parsed into the shape the consumers use, with
 * ANALYST_TICKERS split into a list.
 */
import type { z } from 'zod';
import { ConfigError } from '../../shared/errors';
import { sections, STREAMER_ROLES } from '../../shared/config/schema';
import type { Setting } from '../../shared/config/settings';

export { STREAMER_ROLES };

/** Which service a process of the one streamer image runs. */
export type StreamerRole = (typeof STREAMER_ROLES)[number];

/** The consumer settings as the config schema declares them. */
export const consumersSection = sections.consumers;

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
    throw new ConfigError(
      `Invalid consumer configuration (${problems.length} problem(s)):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      problems,
    );
  }
  const tickers = String(values.analystTickers ?? '')
    .split(',')
    .map((t) => t.trim().toUpperCase())
    .filter((t) => t !== '');
  return Object.freeze({
    ...(values as Omit<ConsumersSettings, 'analystTickers'>),
    analystTickers: Object.freeze([...new Set(tickers)]),
  });
}

/**
 * The consumer settings of a loaded config: its `consumers` section (the defaults when a test hands
 * in a config without one).
 * @throws ConfigError as parseConsumersSettings.
 */
export function consumersSettingsFrom(config: object): ConsumersSettings {
  const section = (config as { consumers?: Readonly<Record<string, unknown>> }).consumers;
  const env: Record<string, string | undefined> = {};
  for (const [field, setting] of Object.entries(consumersSection) as [string, Setting][]) {
    const value = section?.[field];
    env[setting.env] =
      value === undefined || value === null ? undefined : Array.isArray(value) ? value.join(',') : String(value);
  }
  return parseConsumersSettings(env);
}
