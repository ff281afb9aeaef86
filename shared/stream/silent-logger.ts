import type { Logger } from '../log/types';

/** The logger used when the caller passes none: drops everything (library code never console.logs). */
export function silentLogger(): Logger {
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    child: () => logger,
  };
  return logger;
}
