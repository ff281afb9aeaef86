/**
 * `make demo` / `make dev`: `npx tsx dev/demo/main.ts [--live] [--port N]`.
 * Starts the platform (demo.ts), prints where the dashboard is, and runs until SIGINT/SIGTERM;
 * then stops every part and exits 0. Another signal more than 1.5 s later exits at once with 130. A failure to start
 * exits 1 with the reason (a ConfigError lists every bad variable).
 */
import { resolve } from 'node:path';
import { startDemo, type RunningDemo } from './demo';
import { parseDemoOptions } from './options';

const REPO_ROOT = resolve(__dirname, '..', '..');
const DUPLICATE_SIGNAL_MS = 1_500;

async function main(): Promise<void> {
  // The launcher is an entry point: it hands the environment to pure parsers, as cdktf/main.ts does.
  const env = process.env;
  const options = parseDemoOptions(env, process.argv.slice(2));
  let demo: RunningDemo | undefined;
  let signalled: string | undefined;
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled !== undefined) {
      // Wrappers (npx, tsx) relay the terminal's Ctrl-C, so one keypress can arrive twice within
      // milliseconds: only a signal well after the first one means "stop waiting".
      if (Date.now() - firstSignalAt < DUPLICATE_SIGNAL_MS) return;
      process.stderr.write(`\n${signal} again: exiting without waiting\n`);
      process.exit(130);
    }
    signalled = signal;
    firstSignalAt = Date.now();
    process.stdout.write(`\n${signal} received: stopping the scheduler, functions, stream and stand-ins...\n`);
    if (demo === undefined) return; // still starting: stopped below once start-up returns
    void shutdown(demo);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  demo = await startDemo(options, {
    env,
    applyEnv: (vars) => Object.assign(process.env, vars),
    repoRoot: REPO_ROOT,
    cwd: process.cwd(),
  });
  if (signalled !== undefined) return shutdown(demo);
  const lines = [
    ...demo.banner.map((line) => `  ${line}`),
    '',
    `Dashboard: ${demo.dashboardUrl}`,
    'Press Ctrl-C to stop.',
  ];
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

async function shutdown(demo: RunningDemo): Promise<void> {
  const cut = await demo.stop();
  if (cut > 0)
    process.stdout.write(`stopped; ${cut} run(s) in flight were cut off (their ledger rows stay 'running')\n`);
  else process.stdout.write('stopped cleanly\n');
  // kafkajs and undici keep idle sockets and timers around; everything of ours is closed.
  process.exit(0);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`demo failed to start: ${message}\n`);
  process.exit(1);
});
