import { logTail } from './log-tail';
import { spawnLogged, type LoggedProcess, type LoggedProcessOptions } from './logged-process';
import { waitUntil } from './wait-until';

/** How {@link startReady} decides the process is ready. */
export interface Readiness {
  /** Resolves truthy once the service answers its real protocol; throwing means "not yet". */
  probe: () => Promise<boolean>;
  /** Deadline for the whole start, in milliseconds. */
  timeoutMs: number;
  /** Pause between probes, in milliseconds. Default 200. */
  intervalMs?: number;
}

/**
 * Spawns a logged process and polls `readiness.probe` until it passes. If the process exits first,
 * or the deadline passes (the process is then SIGKILLed), rejects with an Error that says which and
 * carries the last lines of its log.
 */
export async function startReady(options: LoggedProcessOptions, readiness: Readiness): Promise<LoggedProcess> {
  const proc = spawnLogged(options);
  try {
    await waitUntil(options.name, readiness.probe, {
      timeoutMs: readiness.timeoutMs,
      intervalMs: readiness.intervalMs ?? 200,
      abortIf: () => proc.assertRunning(),
    });
    return proc;
  } catch (error) {
    if (proc.exitReason() === undefined) {
      await proc.stop('SIGKILL');
      throw new Error(
        `${(error as Error).message}; killed it. Last lines of ${proc.logFile}:\n${logTail(proc.logFile)}`,
      );
    }
    throw error;
  }
}
