/**
 * When a registry schedule fires: Unix cron (five fields, as Cloud Scheduler accepts) evaluated in
 * a named IANA time zone by `croner`. Pure: the caller passes the instant to search from.
 *
 * Around daylight-saving changes croner behaves like Vixie cron: a wall time that does not exist
 * (spring forward, e.g. 02:30 in New York on 2024-03-10) fires at the first instant after the gap
 * (03:00 EDT); a wall time that occurs twice (fall back, 01:30 on 2024-11-03) fires once, at the
 * first occurrence (EDT). next-fire.test.ts pins both.
 */
import { Cron } from 'croner';
import { ConfigError } from '../errors';
import type { PipelineSchedule } from '../pipelines/registry';

/** A schedule ready to answer "when next?". */
export interface CompiledSchedule {
  readonly cron: string;
  readonly timeZone: string;
  /** The first fire time strictly after `after`, or undefined when the pattern never fires again. */
  nextAfter(after: Date): Date | undefined;
}

/** True when `timeZone` is an IANA zone name this runtime knows (Intl's own check). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Compiles `schedule`. Throws ConfigError naming the pipeline when the cron is not five valid
 * fields or the time zone is unknown, so a bad registry entry stops the scheduler at start, not
 * at the first tick.
 */
export function compileSchedule(schedule: PipelineSchedule, pipeline = '(schedule)'): CompiledSchedule {
  const problems: string[] = [];
  if (!isKnownTimeZone(schedule.timeZone))
    problems.push(`${pipeline}: unknown time zone ${JSON.stringify(schedule.timeZone)}`);
  if (schedule.cron.trim().split(/\s+/).length !== 5)
    problems.push(
      `${pipeline}: cron ${JSON.stringify(schedule.cron)} must have five fields (minute hour day month weekday)`,
    );
  let cron: Cron | undefined;
  if (problems.length === 0) {
    try {
      // legacy OR of day-of-month and day-of-week, as Vixie cron and Cloud Scheduler read them.
      cron = new Cron(schedule.cron, { timezone: schedule.timeZone, paused: true, mode: '5-part', domAndDow: false });
    } catch (error) {
      problems.push(
        `${pipeline}: cron ${JSON.stringify(schedule.cron)} is invalid: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  if (cron === undefined || problems.length > 0)
    throw new ConfigError(`Invalid schedule: ${problems.join('; ')}`, problems);
  const compiled = cron;
  return {
    cron: schedule.cron,
    timeZone: schedule.timeZone,
    nextAfter: (after) => compiled.nextRun(after) ?? undefined,
  };
}

/** The next `count` fire times strictly after `after` (fewer when the pattern runs out). */
export function nextFireTimes(schedule: PipelineSchedule, after: Date, count: number): Date[] {
  const compiled = compileSchedule(schedule);
  const times: Date[] = [];
  let from = after;
  while (times.length < count) {
    const next = compiled.nextAfter(from);
    if (next === undefined) break;
    times.push(next);
    from = next;
  }
  return times;
}
