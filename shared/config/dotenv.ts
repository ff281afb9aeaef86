import { readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import { ConfigError } from '../errors';
import { loadConfig } from './load';
import type { Config, Env } from './schema';

/**
 * Parses a `.env` file (dotenv syntax: `KEY=value`, quotes, `#` comments). A missing file yields
 * `{}` because `.env` is a local convenience, never required.
 *
 * @throws ConfigError when the file exists but cannot be read (permissions, a directory).
 */
export function readDotEnv(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`Cannot read ${path}: ${reason}`, [`${path}: ${reason}`]);
  }
  return parse(text);
}

/**
 * `loadConfig` over the `.env` file at `path` overlaid by the real environment: a variable set
 * (non-blank) in `env` wins over the file, as in dotenv, while a blank one counts as unset and lets
 * the file's value through (the empty-means-unset rule applies to both sources alike).
 *
 * @throws ConfigError as `loadConfig` does, or when the file cannot be read.
 */
export function loadConfigWithDotEnv(env: Env = process.env, path = '.env'): Config {
  const merged: Record<string, string | undefined> = { ...readDotEnv(path) };
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') merged[name] = value;
  }
  return loadConfig(merged);
}
