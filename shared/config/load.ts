import type { z } from 'zod';
import { ConfigError } from '../errors';
import { configSchema, settingsByEnv, type Config, type Env } from './schema';

const maxEchoedChars = 60;

/**
 * Validates `env` against the one config schema and returns the configuration, deep-frozen.
 * Pure: reads nothing but its argument (tests pass plain objects). An empty or blank value counts
 * as unset; numbers are parsed from decimal strings; variables the schema does not know are ignored.
 *
 * @throws ConfigError listing every problem at once, one line per variable (`NAME: what is wrong`),
 *   including cross-field rules; values of secret variables are never echoed.
 */
export function loadConfig(env: Env = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) throw toConfigError(result.error.issues, env);
  return deepFreeze(result.data);
}

function toConfigError(issues: readonly z.core.$ZodIssue[], env: Env): ConfigError {
  const settings = settingsByEnv();
  const byVariable = new Map<string, string[]>();
  for (const issue of issues) {
    const name = String(issue.path[0] ?? '(config)');
    byVariable.set(name, [...(byVariable.get(name) ?? []), issue.message]);
  }
  const lines = [...byVariable].map(([name, messages]) => {
    const raw = env[name];
    const echo =
      raw === undefined || raw.trim() === '' || settings.get(name)?.secret !== false
        ? ''
        : ` (got ${JSON.stringify(truncate(raw))})`;
    return `${name}: ${[...new Set(messages)].join('; ')}${echo}`;
  });
  const count = lines.length === 1 ? '1 problem' : `${lines.length} problems`;
  return new ConfigError(`Invalid configuration (${count}):\n${lines.map((line) => `  - ${line}`).join('\n')}`, lines);
}

function truncate(value: string): string {
  return value.length > maxEchoedChars ? `${value.slice(0, maxEchoedChars)}...` : value;
}

/** Freezes `value` and everything reachable from it (Secrets included) so no caller can mutate shared config. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
