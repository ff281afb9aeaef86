import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { logTail } from './log-tail';

/** What {@link spawnLogged} starts. */
export interface LoggedProcessOptions {
  /** Short name used in messages, e.g. "kafka broker". */
  name: string;
  command: string;
  args: string[];
  /** stdout and stderr are appended here; the folder is created if missing. */
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** A child process whose output goes straight to a log file (the OS writes it, not our event loop). */
export interface LoggedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Set once the process has exited, e.g. "code 1" or "signal SIGKILL". */
  exitReason(): string | undefined;
  /** Throws an Error with the log tail if the process has exited. */
  assertRunning(): void;
  /** Resolves when the process has exited (at once if it already has). */
  exited(): Promise<void>;
  /**
   * Sends `signal` (default SIGTERM), waits up to `graceMs` (default 15 000) for exit, then
   * SIGKILLs and waits again. Resolves once the process is gone; safe to call twice.
   */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/**
 * Children still running, SIGKILLed by one 'exit' listener for them all: a listener per child
 * would pass Node's listener limit (and warn) once a dozen stand-ins run in one process.
 */
const runningChildren = new Set<ChildProcess>();
let exitListenerAdded = false;

function killWhenNodeExits(child: ChildProcess): void {
  runningChildren.add(child);
  if (exitListenerAdded) return;
  exitListenerAdded = true;
  process.on('exit', () => {
    for (const running of runningChildren) running.kill('SIGKILL');
  });
}

/**
 * Starts `command` with its output appended to `logFile`. Throws at once if the binary cannot be
 * spawned. The child is SIGKILLed if this Node process exits first, so a crashed test run does not
 * leave brokers behind (a SIGKILL of Node itself cannot be caught; the stand-ins then outlive it).
 */
export function spawnLogged(options: LoggedProcessOptions): LoggedProcess {
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const fd = fs.openSync(options.logFile, 'a');
  fs.writeSync(fd, `\n--- ${new Date().toISOString()} start ${options.command} ${options.args.join(' ')}\n`);
  let child: ChildProcess;
  try {
    child = spawn(options.command, options.args, {
      stdio: ['ignore', fd, fd],
      env: options.env ?? process.env,
      cwd: options.cwd,
    });
  } finally {
    fs.closeSync(fd);
  }
  let reason: string | undefined;
  let spawnError: Error | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('error', (error) => {
      spawnError = error;
      reason = reason ?? `spawn error ${error.message}`;
      resolve();
    });
    child.once('exit', (code, signal) => {
      reason = signal ? `signal ${signal}` : `code ${code}`;
      runningChildren.delete(child);
      resolve();
    });
  });
  if (child.pid === undefined) throw new Error(`${options.name}: could not start ${options.command}`);
  killWhenNodeExits(child);
  const pid = child.pid;

  const handle: LoggedProcess = {
    name: options.name,
    pid,
    logFile: options.logFile,
    exitReason: () => reason,
    assertRunning() {
      if (reason !== undefined) {
        const cause = spawnError ? ` (${spawnError.message})` : '';
        throw new Error(
          `${options.name} exited early with ${reason}${cause}; last lines of ${options.logFile}:\n${logTail(options.logFile)}`,
        );
      }
    },
    exited: () => exitPromise,
    async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000) {
      if (reason !== undefined) return;
      child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        exitPromise.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), graceMs);
        }),
      ]);
      clearTimeout(timer);
      if (timedOut && reason === undefined) {
        child.kill('SIGKILL');
        await exitPromise;
      }
    },
  };
  return handle;
}
