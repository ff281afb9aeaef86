/**
 * Usage errors and argument parsing of the CLI: everything a person typed wrong ends the command
 * with exit code 2 and one clear sentence, before any config is loaded or connection opened.
 */
import { RUNNERS, runnerFor, type PipelineRunner } from '../pipelines/catalog';
import { PIPELINES } from '../pipelines/registry';

/** The exit codes of every command. */
export const EXIT = { ok: 0, runFailed: 1, usage: 2 } as const;

/** A mistake in the command line (or the configuration): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The runner of `name`; UsageError naming the known pipelines otherwise. */
export function pipelineRunner(name: string): PipelineRunner {
  const runner = runnerFor(name);
  if (runner) return runner;
  const known = Object.keys(RUNNERS).sort().join(', ');
  const onDemand = PIPELINES.some((entry) => entry.name === name)
    ? ` (${name} is in the registry but has no in-process runner; call its function)`
    : '';
  throw new UsageError(`unknown pipeline "${name}"${onDemand}; known pipelines: ${known}`);
}

/** A 'YYYY-MM-DD' calendar date, or UsageError naming the option. */
export function parseDate(value: string, option: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== value)
    throw new UsageError(`${option} must be a date as YYYY-MM-DD, got "${value}"`);
  return value;
}

/** Comma-separated scopes (tickers), trimmed and de-duplicated; UsageError when none is left. */
export function parseList(value: string, option: string): string[] {
  const items = [
    ...new Set(
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    ),
  ];
  if (items.length === 0) throw new UsageError(`${option} needs at least one value, e.g. ${option} AAPL,MSFT`);
  return items;
}

/** A positive whole number, or UsageError. */
export function parsePositiveInt(value: string, option: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`${option} must be a whole number >= 1, got "${value}"`);
  return n;
}

/** Checks `from <= to` when both are given. */
export function checkRange(from: string | undefined, to: string | undefined): void {
  if (from !== undefined && to !== undefined && from > to)
    throw new UsageError(`--from (${from}) is after --to (${to})`);
}
