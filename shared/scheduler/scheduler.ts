/**
 * The local scheduler: what Cloud Scheduler does in the cloud, in-process. It reads the same
 * registry CDKTF reads (cron + time zone per pipeline) and, on every tick, POSTs to the pipeline's
 * function the request Cloud Scheduler would send. One pipeline never runs twice at once: a tick
 * that finds the previous run still going is skipped and logged, never queued.
 */
import { ConfigError } from '../errors';
import type { Logger } from '../log/types';
import { PIPELINES, type PipelineEntry } from '../pipelines/registry';
import { systemClock, type SchedulerClock, type TimerHandle } from './clock';
import {
  DEFAULT_RETRY_POLICY,
  SCHEDULED_RUN_BODY,
  attempt,
  backoffMs,
  jobIdOf,
  type AttemptResult,
  type RetryPolicy,
} from './cloud-scheduler-call';
import { compileSchedule, type CompiledSchedule } from './next-fire';

/** What the scheduler reports as it works (the same facts go to the log). Times are ISO-8601 UTC. */
export type SchedulerEvent =
  | { kind: 'started'; pipeline: string; scheduleTime: string; onStart: boolean }
  | { kind: 'skipped'; pipeline: string; scheduleTime: string; runningSince: string }
  | { kind: 'retrying'; pipeline: string; scheduleTime: string; attempt: number; error: string; backoffMs: number }
  | ({ kind: 'finished'; pipeline: string; scheduleTime: string; attempts: number } & AttemptResult);

/** Options of `createLocalScheduler`. */
export interface LocalSchedulerOptions {
  /** Pipeline name -> URL its function answers on (functions-framework's root). Only these run. */
  targets: Readonly<Record<string, string>>;
  log: Logger;
  /** Default: the registry. */
  pipelines?: readonly PipelineEntry[];
  /** Schedule time; default real time. `scaledClock` runs the schedule faster for the demo. */
  clock?: SchedulerClock;
  fetch?: typeof globalThis.fetch;
  /** Body of a scheduled call per pipeline; default `{"mode":"incremental"}` as cdktf's jobs. */
  bodies?: Readonly<Record<string, unknown>>;
  /** Pipelines called once by `start()` (the first backfill), with their body (default: the scheduled one). */
  runOnStart?: Readonly<Record<string, { body?: unknown }>>;
  /** Cloud Scheduler's retry policy (schedule-time ms); default no retry. */
  retry?: Partial<RetryPolicy>;
  /** Real-time limit of one HTTP attempt; default the pipeline's function timeout. */
  attemptTimeoutMs?: number;
  /** Receives every event; must not throw. */
  onEvent?: (event: SchedulerEvent) => void;
}

/** A running scheduler. */
export interface LocalScheduler {
  /** Calls the `runOnStart` pipelines, then arms every schedule. Idempotent. */
  start(): void;
  /**
   * Disarms every schedule, cancels retry waits, then waits up to `timeoutMs` (real, default
   * 30 s) for in-flight calls; calls still going after that are aborted and named in `abandoned`.
   */
  stop(options?: { timeoutMs?: number }): Promise<{ abandoned: string[] }>;
  /** Calls a pipeline now (Cloud Scheduler's "force run"); false when its previous run is still going or the scheduler stopped. */
  runNow(pipeline: string, body?: unknown): boolean;
  /** The next tick of a scheduled pipeline (schedule time); undefined when none is armed. */
  nextFireTime(pipeline: string): Date | undefined;
  /** Names of pipelines with a call in flight. */
  running(): string[];
}

interface Flight {
  since: Date;
  controller: AbortController;
  done: Promise<void>;
}

interface Job {
  entry: PipelineEntry;
  url: string;
  jobId: string;
  body: unknown;
  schedule: CompiledSchedule | undefined;
  next?: Date | undefined;
  timer?: TimerHandle | undefined;
  flight?: Flight | undefined;
}

/**
 * Builds a scheduler (nothing runs until `start()`). Throws ConfigError when a target or a
 * `runOnStart` names a pipeline the registry does not have (or has no target), or a schedule is
 * invalid.
 */
export function createLocalScheduler(options: LocalSchedulerOptions): LocalScheduler {
  const log = options.log.child({ component: 'scheduler' });
  const clock = options.clock ?? systemClock();
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const emit = options.onEvent ?? (() => undefined);
  const jobs = buildJobs(options);
  const stopping = new AbortController();
  let started = false;

  for (const entry of options.pipelines ?? PIPELINES) {
    if (entry.schedule && !jobs.has(entry.name))
      log.info('pipeline not scheduled locally: no target URL given', { pipeline: entry.name });
  }

  const sleep = (ms: number) =>
    new Promise<boolean>((resolve) => {
      if (stopping.signal.aborted) return resolve(false);
      const onStop = () => (clock.clearTimer(handle), resolve(false));
      const handle = clock.setTimer(() => (stopping.signal.removeEventListener('abort', onStop), resolve(true)), ms);
      stopping.signal.addEventListener('abort', onStop, { once: true });
    });

  async function execute(job: Job, scheduleTime: Date, body: unknown, signal: AbortSignal): Promise<void> {
    const fields = { pipeline: job.entry.name, scheduleTime: scheduleTime.toISOString(), url: job.url };
    const timeoutMs = options.attemptTimeoutMs ?? job.entry.function.timeoutS * 1000;
    let attempts = 0;
    let result: AttemptResult;
    for (;;) {
      attempts += 1;
      result = await attempt({
        url: job.url,
        jobId: job.jobId,
        scheduleTime,
        body,
        timeoutMs,
        signal,
        fetch: fetchImpl,
      });
      if (result.ok || attempts > policy.retryCount || signal.aborted || stopping.signal.aborted) break;
      const wait = backoffMs(policy, attempts);
      log.warn('pipeline call failed; retrying', {
        ...fields,
        attempt: attempts,
        error: result.error,
        backoffMs: wait,
      });
      emit({
        kind: 'retrying',
        pipeline: job.entry.name,
        scheduleTime: fields.scheduleTime,
        attempt: attempts,
        error: result.error ?? '',
        backoffMs: wait,
      });
      if (!(await sleep(wait))) break;
    }
    if (result.ok) log.info('pipeline call finished', { ...fields, attempts, ...result });
    else log.error('pipeline call failed', { ...fields, attempts, ...result });
    emit({ kind: 'finished', pipeline: job.entry.name, scheduleTime: fields.scheduleTime, attempts, ...result });
  }

  function launch(job: Job, scheduleTime: Date, body: unknown, onStart: boolean): boolean {
    const scheduleIso = scheduleTime.toISOString();
    if (job.flight) {
      const runningSince = job.flight.since.toISOString();
      log.warn('tick skipped: the previous run is still going', {
        pipeline: job.entry.name,
        scheduleTime: scheduleIso,
        runningSince,
      });
      emit({ kind: 'skipped', pipeline: job.entry.name, scheduleTime: scheduleIso, runningSince });
      return false;
    }
    const flight: Flight = { since: new Date(clock.now()), controller: new AbortController(), done: Promise.resolve() };
    job.flight = flight;
    log.info('calling pipeline function', {
      pipeline: job.entry.name,
      scheduleTime: scheduleIso,
      url: job.url,
      onStart,
    });
    emit({ kind: 'started', pipeline: job.entry.name, scheduleTime: scheduleIso, onStart });
    flight.done = execute(job, scheduleTime, body, flight.controller.signal)
      .catch((error: unknown) => log.error('scheduler failed to run a call', { pipeline: job.entry.name, error }))
      .finally(() => {
        if (job.flight === flight) job.flight = undefined;
      });
    return true;
  }

  function arm(job: Job): void {
    if (stopping.signal.aborted || !job.next) return;
    const due = job.next;
    job.timer = clock.setTimer(() => {
      job.timer = undefined;
      if (stopping.signal.aborted) return;
      // Real timers wake early or are capped: only a due tick fires, otherwise wait the rest.
      if (clock.now() < due.getTime()) return arm(job);
      launch(job, due, job.body, false);
      job.next = job.schedule?.nextAfter(new Date(Math.max(due.getTime(), clock.now())));
      arm(job);
    }, due.getTime() - clock.now());
  }

  return {
    start() {
      if (started) return;
      started = true;
      for (const [name, run] of Object.entries(options.runOnStart ?? {})) {
        const job = jobs.get(name) as Job;
        launch(job, new Date(clock.now()), run.body ?? job.body, true);
      }
      for (const job of jobs.values()) {
        job.next = job.schedule?.nextAfter(new Date(clock.now()));
        arm(job);
      }
      log.info('scheduler started', {
        jobs: [...jobs.values()]
          .filter((j) => j.next)
          .map((j) => ({ pipeline: j.entry.name, next: j.next?.toISOString() })),
      });
    },
    async stop(stopOptions = {}) {
      stopping.abort();
      for (const job of jobs.values()) if (job.timer) clock.clearTimer(job.timer);
      const flights = [...jobs.values()].flatMap((job) => (job.flight ? [job.flight] : []));
      const all = Promise.all(flights.map((flight) => flight.done));
      let deadline: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        all.then(() => false),
        new Promise<boolean>(
          (resolve) => (deadline = setTimeout(() => resolve(true), stopOptions.timeoutMs ?? 30_000)),
        ),
      ]);
      clearTimeout(deadline);
      const abandoned = timedOut ? [...jobs.values()].filter((job) => job.flight).map((job) => job.entry.name) : [];
      if (abandoned.length > 0) log.warn('stopping: abandoning calls still in flight', { pipelines: abandoned });
      for (const flight of flights) flight.controller.abort();
      await all;
      log.info('scheduler stopped', { abandoned });
      return { abandoned };
    },
    runNow(pipeline, body) {
      const job = jobs.get(pipeline);
      if (!job) throw new ConfigError(`No target for pipeline ${JSON.stringify(pipeline)}`, [pipeline]);
      if (stopping.signal.aborted) return false;
      return launch(job, new Date(clock.now()), body ?? job.body, false);
    },
    nextFireTime: (pipeline) => jobs.get(pipeline)?.next,
    running: () => [...jobs.values()].filter((job) => job.flight).map((job) => job.entry.name),
  };
}

function buildJobs(options: LocalSchedulerOptions): Map<string, Job> {
  const pipelines = options.pipelines ?? PIPELINES;
  const known = new Map(pipelines.map((entry) => [entry.name, entry]));
  const problems = [
    ...Object.keys(options.targets)
      .filter((name) => !known.has(name))
      .map((name) => `target ${name}: no such pipeline (known: ${[...known.keys()].join(', ')})`),
    ...Object.keys(options.runOnStart ?? {})
      .filter((name) => options.targets[name] === undefined)
      .map((name) => `runOnStart ${name}: no target URL for it`),
  ];
  if (problems.length > 0) throw new ConfigError(`Invalid scheduler options: ${problems.join('; ')}`, problems);
  const jobs = new Map<string, Job>();
  for (const [name, url] of Object.entries(options.targets)) {
    const entry = known.get(name) as PipelineEntry;
    const body = options.bodies?.[name] ?? SCHEDULED_RUN_BODY;
    jobs.set(name, {
      entry,
      url,
      jobId: jobIdOf(name),
      body,
      schedule: entry.schedule ? compileSchedule(entry.schedule, name) : undefined,
    });
  }
  return jobs;
}
