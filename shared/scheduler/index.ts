/**
 * shared/scheduler: the local stand-in for Cloud Scheduler. It reads the pipeline registry (cron +
 * IANA time zone) and calls each pipeline's HTTP function as Cloud Scheduler does, never two runs
 * of one pipeline at once, optionally faster than real time. It sits above shared/pipelines'
 * registry and imports nothing storage-related.
 */
export {
  createLocalScheduler,
  type LocalScheduler,
  type LocalSchedulerOptions,
  type SchedulerEvent,
} from './scheduler';
export { scaledClock, systemClock, type ScaledClockOptions, type SchedulerClock, type TimerHandle } from './clock';
export { compileSchedule, isKnownTimeZone, nextFireTimes, type CompiledSchedule } from './next-fire';
export {
  DEFAULT_RETRY_POLICY,
  SCHEDULED_RUN_BODY,
  backoffMs,
  cloudSchedulerHeaders,
  jobIdOf,
  type AttemptResult,
  type RetryPolicy,
} from './cloud-scheduler-call';
