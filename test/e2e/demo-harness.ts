/**
 * Runs `make demo`'s command (`node --import tsx dev/demo/main.ts`) as a child process in its own
 * process group, the way a terminal runs it, so a test can press "Ctrl-C" (SIGINT to the whole
 * group) and check that nothing of the group survives.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

/** A running demo child. */
export interface DemoProcess {
  readonly child: ChildProcess;
  /** Its process group id (= the child's pid: it leads its own group). */
  readonly pgid: number;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first stdout/stderr match of `pattern`; rejects at the deadline or if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Settles when the process exits: its exit code and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` to every process of the group (a terminal's Ctrl-C is SIGINT to the foreground group). */
  signalGroup(signal: NodeJS.Signals): void;
  /** Test clean-up: SIGKILLs the whole group unless the demo already exited (a group already gone is fine). */
  killIfRunning(): void;
}

/** Starts the demo with `env` laid over the test's environment. */
export function startDemoProcess(env: Record<string, string>, args: readonly string[] = []): DemoProcess {
  // The Makefile's command line exactly (see dev/demo/README.md for why not `npx tsx`).
  const child = spawn(process.execPath, ['--import', 'tsx', 'dev/demo/main.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    for (const listener of listeners) listener();
  });
  return {
    child,
    pgid: child.pid!,
    output: () => text,
    exited,
    signalGroup: (signal) => process.kill(-child.pid!, signal),
    killIfRunning: () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    },
    waitFor: (pattern, timeoutMs) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(text);
          if (match) return done(() => resolve(match));
          if (hasExited)
            return done(() =>
              reject(new Error(`demo exited before printing ${pattern}; output tail:\n${text.slice(-4000)}`)),
            );
        };
        const timer = setTimeout(
          () =>
            done(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output tail:\n${text.slice(-4000)}`))),
          timeoutMs,
        );
        const done = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      }),
  };
}

/** Pids of live processes (zombies excluded) in process group `pgid`, from /proc (Linux). */
export function processesInGroup(pgid: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(join('/proc', name, 'stat'), 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // Fields after the parenthesised command: state ppid pgrp ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') pids.push(Number(name));
  }
  return pids;
}

/** GET `url` as JSON; throws with the body on a non-2xx answer. */
export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  const body = await response.text();
  if (!response.ok) throw new Error(`GET ${url} -> ${response.status}: ${body.slice(0, 500)}`);
  return JSON.parse(body) as T;
}

/** One look of a poll: the value it waited for, or why not yet. */
export type Probe<T> = { ok: true; value: T } | { ok: false; why: string };
export const ready = <T>(value: T): Probe<T> => ({ ok: true, value });
export const notYet = (why: string): Probe<never> => ({ ok: false, why });

/**
 * Polls `probe` until it is `ready` or the deadline passes; then rejects with the last reason
 * `probe` gave (a thrown error or its `notYet` reason).
 */
export async function pollUntil<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<Probe<T>>,
  intervalMs = 1_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = 'not tried';
  for (;;) {
    try {
      const result = await probe();
      if (result.ok) return result.value;
      last = result.why;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms; last: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
