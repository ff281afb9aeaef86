/**
 * The whole platform in one process (see README.md here for why one process): the replay
 * stand-ins (demo mode), every registry function plus the dashboard under functions-framework,
 * the stream consumers and the streamer, and the local scheduler running the registry's cron
 * `speed` times faster than real time. `startDemo` resolves once everything listens and the
 * first-start calls are under way; `stop()` takes it all down in reverse order.
 */
import { mkdirSync } from 'node:fs';
import { loadConfig, readDotEnv, secretValues, type Config } from '../../shared/config';
import { createLogger, type Logger } from '../../shared/log';
import { PIPELINES, ledgerTable, type PipelineEntry } from '../../shared/pipelines';
import { createLocalScheduler, scaledClock, type LocalScheduler } from '../../shared/scheduler';
import { TABLES, createWarehouse } from '../../shared/warehouse';
import { dataPaths, platformEnvironment, withDotEnv, type DataPaths } from './environment';
import { planFirstStart, readWarehouseFacts } from './first-start';
import { functionModuleExists, startFunctionsHost, type FunctionSpec } from './functions-host';
import { planLive } from './live-keys';
import type { DemoOptions } from './options';
import { startReplays } from './replays';
import { startStreamServices } from '../../streamer/all-roles';

/** What the demo needs from its entry point. */
export interface DemoDeps {
  /** The launcher's environment (process.env in main.ts). */
  env: Readonly<Record<string, string | undefined>>;
  /** Makes variables visible to the in-process functions, which read the environment per call. */
  applyEnv: (vars: Readonly<Record<string, string>>) => void;
  repoRoot: string;
  cwd: string;
}

/** A running demo. */
export interface RunningDemo {
  readonly dashboardUrl: string;
  readonly paths: DataPaths;
  readonly log: Logger;
  /** The start-up banner, one line each. */
  readonly banner: readonly string[];
  readonly scheduler: LocalScheduler;
  /** Stops everything; resolves to the number of requests cut off after the grace period. Idempotent. */
  stop(): Promise<number>;
}

const DASHBOARD: FunctionSpec = { name: 'dashboard', folder: 'functions/dashboard', entryPoint: 'dashboard' };

/** Starts the demo. On a failure part way, whatever started is stopped and the error propagates. */
export async function startDemo(options: DemoOptions, deps: DemoDeps): Promise<RunningDemo> {
  const base = options.mode === 'dev' ? withDotEnv(deps.env, readDotEnv(options.dotEnvPath)) : { ...deps.env };
  const paths = dataPaths(options, deps.cwd);
  mkdirSync(paths.lakeDir, { recursive: true });
  const cleanups: (() => Promise<unknown>)[] = [];
  const unwind = async () => {
    for (const step of cleanups.splice(0).reverse()) await step().catch(() => undefined);
  };
  const banner: string[] = [];
  try {
    const replays =
      options.mode === 'demo' ? await startReplays({ newsRatePerSec: options.newsRatePerSec }) : undefined;
    if (replays) cleanups.push(() => replays.stop());
    const env = { ...base, ...platformEnvironment(options, paths, base, replays?.endpoints) };
    deps.applyEnv(definedOnly(env));
    const config: Config = loadConfig(env);
    const log = createLogger({
      level: config.log.level,
      format: config.log.format,
      secrets: secretValues(config),
      bindings: { service: 'demo' },
    });

    const { pipelines, streamer, skipped } = selectPipelines(options, deps.repoRoot, env);
    for (const s of skipped) log.warn(s.message);

    const warehouse = await createWarehouse(config.warehouse, log.child({ component: 'warehouse' }));
    // Held for the whole run: keeps the one DuckDB database of this process open between calls.
    cleanups.push(() => warehouse.close());
    await warehouse.ensureTables([ledgerTable, ...TABLES.filter((t) => t.name !== ledgerTable.name)]);
    const plan = planFirstStart(pipelines, await readWarehouseFacts(warehouse), options);

    const stream = await startStreamServices(config, log, {
      health: { host: options.host, port: 0 },
      withStreamer: streamer,
      onFatal: (service, error) =>
        log.error(`${service} stopped for good; the rest of the demo runs on`, { error: error.message }),
    });
    cleanups.push(() => stream.stop());

    const specs: FunctionSpec[] = [
      ...pipelines.map((p) => ({ name: p.name, folder: p.function.folder, entryPoint: p.function.entryPoint })),
      { ...DASHBOARD, port: options.dashboardPort },
    ];
    const host = await startFunctionsHost(deps.repoRoot, specs, options.host);
    cleanups.push(() => host.stop(options.stopGraceMs));
    const dashboardUrl = host.byName('dashboard')!.url;

    const scheduler = createLocalScheduler({
      targets: Object.fromEntries(pipelines.map((p) => [p.name, host.byName(p.name)!.url])),
      pipelines,
      log,
      clock: scaledClock({ speed: options.speed }),
      runOnStart: plan.runOnStart,
    });
    cleanups.push(() => scheduler.stop({ timeoutMs: options.stopGraceMs }));
    scheduler.start();

    banner.push(
      `market-data ${options.mode === 'demo' ? 'demo (replay providers, no internet)' : 'dev (live providers)'}; data in ${paths.root}`,
      ...(replays?.describe() ?? []),
      `stream: ${stream.transport}; consumer groups lake-sink and analyst${stream.healthUrl ? `; streamer ${stream.healthUrl}` : '; streamer skipped'}`,
      ...host.functions
        .filter((f) => f.name !== 'dashboard')
        .map((f) => `function ${f.entryPoint.padEnd(12)} ${f.url}  ${scheduleOf(f.name, pipelines, scheduler)}`),
      `schedule: ${options.speed}x real time (DEMO_SPEED)`,
      ...plan.notes,
      ...skipped.map((s) => s.message),
    );
    let stopping: Promise<number> | undefined;
    return {
      dashboardUrl,
      paths,
      log,
      banner,
      scheduler,
      stop: () =>
        (stopping ??= (async () => {
          cleanups.length = 0;
          // No new ticks; calls in flight get the grace period, then are aborted.
          const { abandoned } = await scheduler.stop({ timeoutMs: options.stopGraceMs });
          // An aborted call's handler still runs in this process: a short last wait for it.
          const cut = await host.stop(
            abandoned.length > 0 ? Math.min(options.stopGraceMs, 5_000) : options.stopGraceMs,
          );
          const rest: [string, () => Promise<unknown>][] = [
            ['stream', () => stream.stop()],
            ['warehouse', () => warehouse.close()],
            ['replays', () => replays?.stop() ?? Promise.resolve()],
          ];
          for (const [part, step] of rest)
            await step().catch((error: Error) =>
              log.warn('demo part did not stop cleanly', { part, error: error.message }),
            );
          return Math.max(cut, abandoned.length);
        })()),
    };
  } catch (error) {
    await unwind();
    throw error;
  }
}

function selectPipelines(options: DemoOptions, repoRoot: string, env: Readonly<Record<string, string | undefined>>) {
  const withFunction = PIPELINES.filter((entry) => functionModuleExists(repoRoot, entry.function.folder));
  const noFunction = PIPELINES.filter((entry) => !withFunction.includes(entry)).map((entry) => ({
    name: entry.name,
    missing: [] as string[],
    message: `pipeline ${entry.name} skipped: ${entry.function.folder}/index.ts does not exist yet`,
  }));
  if (options.mode === 'demo') return { pipelines: withFunction, streamer: true, skipped: noFunction };
  const live = planLive(withFunction, env);
  return { pipelines: live.pipelines, streamer: live.streamer, skipped: [...noFunction, ...live.skipped] };
}

function scheduleOf(name: string, pipelines: readonly PipelineEntry[], scheduler: LocalScheduler): string {
  const entry = pipelines.find((p) => p.name === name);
  if (!entry?.schedule) return '(on demand)';
  const next = scheduler.nextFireTime(name);
  return `cron '${entry.schedule.cron}' ${entry.schedule.timeZone}${next ? `, next tick ${next.toISOString()} (schedule time)` : ''}`;
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
