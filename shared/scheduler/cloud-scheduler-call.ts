/**
 * One HTTP call exactly as Cloud Scheduler makes it to an HTTP target
 * (https://cloud.google.com/scheduler/docs/reference/rest/v1/projects.locations.jobs#HttpTarget):
 * POST, the job's body and Content-Type, and the headers Scheduler adds itself
 * (`X-CloudScheduler: true`, `X-CloudScheduler-JobName`, `X-CloudScheduler-ScheduleTime`,
 * `User-Agent: Google-Cloud-Scheduler`), plus the job's retry policy on failure.
 */

/** The body a scheduled run POSTs: the registry's, the same Cloud Scheduler sends. */
export { SCHEDULED_RUN_BODY } from '../pipelines/registry';

/** The Cloud Scheduler job id of a pipeline, as cdktf names it (`resourceSlug`). */
export function jobIdOf(pipeline: string): string {
  return pipeline
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The request headers of one attempt. `scheduleTime` is the tick's time (RFC 3339, UTC). */
export function cloudSchedulerHeaders(jobId: string, scheduleTime: Date): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'Google-Cloud-Scheduler',
    'x-cloudscheduler': 'true',
    'x-cloudscheduler-jobname': jobId,
    'x-cloudscheduler-scheduletime': scheduleTime.toISOString(),
  };
}

/** Cloud Scheduler's RetryConfig, durations in schedule-time milliseconds. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 = none (Cloud Scheduler's default). */
  retryCount: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  maxDoublings: number;
}

/** cdktf's job settings, but without retries: locally a failed run waits for its next tick. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  retryCount: 0,
  minBackoffMs: 60_000,
  maxBackoffMs: 900_000,
  maxDoublings: 3,
});

/**
 * The wait before retry `n` (1-based), per Cloud Scheduler: min backoff doubled `maxDoublings`
 * times, then growing linearly by the last doubled step, capped at max backoff
 * (10s/300s/3 doublings: 10, 20, 40, 80, 160, 240, 300, 300 ...).
 */
export function backoffMs(policy: RetryPolicy, n: number): number {
  const doublings = Math.min(n - 1, policy.maxDoublings);
  const step = policy.minBackoffMs * 2 ** policy.maxDoublings;
  const linear = Math.max(0, n - 1 - policy.maxDoublings) * step;
  return Math.min(policy.maxBackoffMs, policy.minBackoffMs * 2 ** doublings + linear);
}

/** How one attempt ended. */
export interface AttemptResult {
  ok: boolean;
  /** HTTP status; undefined when no answer came (refused, timed out, aborted). */
  status?: number;
  /** `status` of a JSON run summary in the answer, when it has one. */
  runStatus?: string;
  /** A short reason for a failed attempt (status line or network error). */
  error?: string;
  durationMs: number;
}

/** What `attempt` needs. */
export interface AttemptRequest {
  url: string;
  jobId: string;
  scheduleTime: Date;
  body: unknown;
  /** Real-time deadline of the attempt (Cloud Scheduler's attemptDeadline). */
  timeoutMs: number;
  /** Aborts the attempt (the scheduler stopping). */
  signal: AbortSignal;
  fetch: typeof globalThis.fetch;
}

const BODY_EXCERPT_CHARS = 200;

/**
 * Makes one attempt. Never rejects: a non-2xx answer, a timeout or a network error is a failed
 * attempt (`ok: false`), the only outcome Cloud Scheduler retries on.
 */
export async function attempt(request: AttemptRequest): Promise<AttemptResult> {
  const started = Date.now();
  try {
    const response = await request.fetch(request.url, {
      method: 'POST',
      headers: cloudSchedulerHeaders(request.jobId, request.scheduleTime),
      body: JSON.stringify(request.body ?? {}),
      signal: AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs)]),
    });
    const text = await response.text();
    const runStatus = summaryStatus(text);
    const result: AttemptResult = { ok: response.ok, status: response.status, durationMs: Date.now() - started };
    if (runStatus !== undefined) result.runStatus = runStatus;
    if (!response.ok) result.error = `HTTP ${response.status}: ${text.slice(0, BODY_EXCERPT_CHARS)}`;
    return result;
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { ok: false, error: reason, durationMs: Date.now() - started };
  }
}

function summaryStatus(text: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    const status = parsed !== null && typeof parsed === 'object' ? (parsed as { status?: unknown }).status : undefined;
    return typeof status === 'string' ? status : undefined;
  } catch {
    return undefined;
  }
}
