/**
 * Per-pipeline status for the dashboard: the registry joined with each pipeline's latest ledger
 * row. Pure (the clock arrives as `now`).
 */
import type { PipelineEntry } from '../pipelines/registry';
import type { LatestRun } from './queries/runs';

/** What the dashboard shows for one pipeline. */
export interface PipelineStatus {
  name: string;
  description: string | null;
  source: string | null;
  schedule: { cron: string; timeZone: string } | null;
  /** False for a pipeline that has ledger rows but is not (or no longer) in the registry. */
  registered: boolean;
  /** 'never_run' when the ledger has no row for it; otherwise the latest run's status. */
  state: 'never_run' | string;
  lastRun: Omit<LatestRun, 'lastSuccessAt'> | null;
  /** finished_at of the latest succeeded or partial run, ISO-8601 UTC. */
  lastSuccessAt: string | null;
  /** Whole minutes since lastSuccessAt (the age of the data), null when it never succeeded. */
  freshnessMinutes: number | null;
}

/** Whole minutes from `at` (ISO-8601) to `now`, never negative; null for null. */
export function minutesSince(at: string | null, now: Date): number | null {
  if (at === null) return null;
  const ms = now.getTime() - Date.parse(at);
  return Number.isFinite(ms) ? Math.max(0, Math.floor(ms / 60_000)) : null;
}

/**
 * One status per registry pipeline, in registry order, then one per pipeline found only in the
 * ledger (alphabetically), so a run of an unregistered name is still visible.
 */
export function pipelineStatuses(
  registry: readonly PipelineEntry[],
  latest: readonly LatestRun[],
  now: Date,
): PipelineStatus[] {
  const byName = new Map(latest.map((row) => [row.pipeline, row]));
  const status = (name: string, entry: PipelineEntry | undefined): PipelineStatus => {
    const row = byName.get(name);
    const lastRun = row === undefined ? null : (({ lastSuccessAt: _ignored, ...run }) => run)(row);
    const lastSuccessAt = row?.lastSuccessAt ?? null;
    return {
      name,
      description: entry?.description ?? null,
      source: entry?.source ?? null,
      schedule: entry?.schedule === undefined ? null : { cron: entry.schedule.cron, timeZone: entry.schedule.timeZone },
      registered: entry !== undefined,
      state: row?.status ?? 'never_run',
      lastRun,
      lastSuccessAt,
      freshnessMinutes: minutesSince(lastSuccessAt, now),
    };
  };
  const registered = registry.map((entry) => status(entry.name, entry));
  const known = new Set(registry.map((entry) => entry.name));
  const unregistered = [...byName.keys()]
    .filter((name) => !known.has(name))
    .sort()
    .map((name) => status(name, undefined));
  return [...registered, ...unregistered];
}
