import { ConfigError } from '../errors';
import type { RunOptions } from './types';

/**
 * `RunOptions.partitionsConsumedConcurrently`, defaulted to 1.
 * @throws ConfigError when it is given and is not a whole number >= 1 (before anything connects).
 */
export function partitionConcurrency(options: Pick<RunOptions, 'partitionsConsumedConcurrently'>): number {
  const value = options.partitionsConsumedConcurrently ?? 1;
  if (!Number.isSafeInteger(value) || value < 1) {
    const problem = `partitionsConsumedConcurrently must be a whole number >= 1, got ${String(value)}`;
    throw new ConfigError(problem, [problem]);
  }
  return value;
}
