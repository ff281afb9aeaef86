/**
 * What every command gets: where to write, the configuration (environment over an optional
 * `.env` file, read by shared/config) and a logger on stderr, so stdout carries only results.
 */
import { loadConfigWithDotEnv, secretValues, type Config, type Env } from '../config';
import { ConfigError } from '../errors';
import { createLogger, type Logger, type LogLevel } from '../log';
import { UsageError } from './usage';

/** A stream the CLI writes to. */
export interface CliStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** The process edges, injectable so the commands run the same in tests. */
export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  /** The environment; default the process's (shared/config reads it). */
  env?: Env;
  now?: () => Date;
}

/** Options every command accepts (before or after the command name). */
export interface GlobalOptions {
  /** dotenv file under the environment; a missing file is fine. */
  dotenv: string;
  logLevel: LogLevel;
}

/** A command's view of the world. */
export interface CliContext {
  io: CliIo;
  config: Config;
  log: Logger;
  now: () => Date;
}

/**
 * Loads the configuration and builds the logger. A bad configuration is the operator's to fix,
 * so it is a UsageError (exit 2) carrying every problem loadConfig reported.
 */
export function createCliContext(io: CliIo, options: GlobalOptions): CliContext {
  let config: Config;
  try {
    config = loadConfigWithDotEnv(io.env, options.dotenv);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const log = createLogger({
    level: options.logLevel,
    format: config.log.format,
    isTty: io.stderr.isTTY === true,
    secrets: secretValues(config),
    write: (line) => void io.stderr.write(`${line}\n`),
  }).child({ component: 'cli' });
  return { io, config, log, now: io.now ?? (() => new Date()) };
}
