/**
 * The deploy rehearsal (`make rehearse`, run by `make test`): synthesize the stacks from a deploy
 * config, then start every deployed artifact exactly as Google would, on this machine, from the
 * synthesized configuration, against the stand-ins; fire every Scheduler job's synthesized target
 * and body, call the on-demand function, push an article through the websocket stand-in, and pass
 * only when every pipeline's run is in the ledger as succeeded and the article reached the lake and
 * the warehouse. What it cannot prove (Google's token validation, IAM propagation, real provider
 * answers to Google's egress) is listed in the README.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { DeployConfigFile } from '../../cdktf/config';
import { ALL_SECRETS } from '../../cdktf/secret-names';
import { DEFAULT_PERMALINKS } from '../replay-crunchbase';
import { startReplays, type Replays } from '../demo/replays';
import { startBigQueryEmulator, startFakeGcs, startKafkaBroker, startPubSubEmulator } from '../services';
import type { LoggedProcess } from '../services/logged-process';
import { waitUntil } from '../services/wait-until';
import { deployedNodeBinary, prepareFunction, prepareImage } from './artifacts';
import { idsInTable, latestRuns, objectsMentioning } from './checks';
import { startContainer, startFunction, workloadEnvironment, type RunningFunction } from './launch';
import { applyPlatform, type EmulatorEndpoints } from './platform-apply';
import { synthesize } from './synth';
import { deployedFunctions, deployedJobs, deployedWorker, readStack } from './synthesized';

/** The project every stand-in serves and the deploy config names. */
const PROJECT = 'rehearsal-project';

/** What the rehearsal found; `problems` is empty when it passed. */
export interface RehearsalReport {
  readonly problems: readonly string[];
  readonly steps: readonly { readonly step: string; readonly ms: number }[];
  readonly workDir: string;
}

/** Runs the rehearsal; never leaves a process behind. `log` gets one line per step. */
export async function rehearse(options: { repoRoot: string; log: (line: string) => void }): Promise<RehearsalReport> {
  const { repoRoot, log } = options;
  const artifactsRoot = join(repoRoot, 'test-artifacts', 'rehearsal');
  mkdirSync(artifactsRoot, { recursive: true });
  const workDir = mkdtempSync(join(artifactsRoot, `${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}-`));
  const logDir = join(workDir, 'logs');
  const steps: { step: string; ms: number }[] = [];
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await work();
    steps.push({ step, ms: Date.now() - started });
    log(`${step} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return result;
  };
  const stops: (() => Promise<unknown>)[] = [];
  const problems: string[] = [];
  try {
    const [kafka, gcs, bigquery, pubsub, replays, node] = await timed(
      'stand-ins started (Kafka SASL_SSL, fake-gcs, bigquery-emulator, Pub/Sub, replays) and Node resolved',
      async () => {
        const started = await Promise.all([
          startKafkaBroker({ logDir, saslSsl: true }),
          startFakeGcs({ logDir }),
          startBigQueryEmulator({ logDir, projectId: PROJECT }),
          startPubSubEmulator({ logDir }),
          startReplays({ newsRatePerSec: 0 }),
          deployedNodeBinary(),
        ] as const);
        stops.push(
          () => started[0].stop({ removeData: true }),
          () => started[1].stop(),
          () => started[2].stop(),
          () => started[3].stop(),
          () => started[4].stop(),
        );
        return started;
      },
    );
    log(`  deployed Node: ${node.version}`);
    const sasl = kafka.saslSsl;
    if (sasl === undefined) throw new Error('the broker started without its SASL_SSL listener');
    const endpoints: EmulatorEndpoints = {
      projectId: PROJECT,
      gcsApiEndpoint: gcs.apiEndpoint,
      bigqueryApiEndpoint: bigquery.apiEndpoint,
      pubsubEmulatorHost: pubsub.host,
    };

    const config = rehearsalDeployConfig({ brokers: sasl.brokers, username: sasl.scram.username });
    const outDir = await timed('cdktf synth (platform, streaming, pipelines)', () =>
      synthesize(repoRoot, workDir, config, Object.fromEntries(ALL_SECRETS.map((name) => [name, '1']))),
    );
    const platform = readStack(outDir, 'platform');
    const pipelines = readStack(outDir, 'pipelines');
    const functions = deployedFunctions(outDir, pipelines);
    const jobs = deployedJobs(pipelines);
    const worker = deployedWorker(readStack(outDir, 'streaming'));
    for (const fn of functions)
      if (fn.runtime !== `nodejs${node.version.slice(1).split('.')[0]}`)
        problems.push(`function ${fn.name} declares runtime ${fn.runtime}, rehearsed on ${node.version}`);

    const applied = await timed('platform stack applied to the stand-ins (bucket, dataset, tables, topics)', () =>
      applyPlatform(platform, endpoints),
    );
    log(
      `  ${applied.tables.length} tables, buckets ${applied.buckets.join(', ')}, topics ${applied.topics.join(', ') || 'none'}`,
    );

    const imageCommand = await timed(
      'artifacts installed: each function archive and the image context, npm ci --omit=dev',
      async () => {
        await Promise.all(functions.map((fn) => prepareFunction(fn.archive, join(workDir, 'functions', fn.name))));
        return prepareImage(join(repoRoot, 'dist', 'streamer-image'), join(workDir, 'image'));
      },
    );

    const secretValues = secretValuesOf(replays, sasl.scram.password);
    const overrides = endpointOverrides(endpoints, replays);
    const running = await timed(`functions started on ${node.version} under functions-framework`, () =>
      Promise.all(
        functions.map(async (fn) => {
          const started = await startFunction({
            name: fn.name,
            entryPoint: fn.entryPoint,
            dir: join(workDir, 'functions', fn.name),
            node: node.path,
            env: workloadEnvironment(fn.environment, fn.secrets, secretValues, overrides),
            logDir,
          });
          stops.push(() => started.process.stop());
          return [fn.id, { ...started, name: fn.name }] as const;
        }),
      ),
    );
    const byId = new Map<string, RunningFunction & { name: string }>(running);
    const streamer: LoggedProcess = startContainer({
      name: `worker-pool-${worker.name}`,
      command: imageCommand,
      dir: join(workDir, 'image'),
      node: node.path,
      env: workloadEnvironment(worker.environment, worker.secrets, secretValues, {
        ...overrides,
        KAFKA_SSL_CA_FILE: sasl.caFile,
      }),
      logDir,
    });
    stops.push(() => streamer.stop());
    await timed('worker pool container connected to the news websocket', () =>
      waitUntil('the streamer to subscribe', async () => replays.news.authenticatedCount() >= 1, {
        timeoutMs: 120_000,
        intervalMs: 250,
        abortIf: () => streamer.assertRunning(),
      }),
    );

    await timed(`${jobs.length} Scheduler jobs sent to their functions`, async () => {
      for (const job of jobs) {
        const fn = byId.get(job.functionId);
        if (fn === undefined) {
          problems.push(`job ${job.name} targets a function the stack does not declare`);
          continue;
        }
        // Cloud Scheduler adds X-CloudScheduler: true to every HTTP target call.
        problems.push(
          ...(await call(
            `job ${job.name}`,
            fn.url,
            job.method,
            { ...job.headers, 'X-CloudScheduler': 'true' },
            job.body,
          )),
        );
      }
    });
    const onDemand = functions.filter((fn) => fn.name !== 'dashboard' && !jobs.some((job) => job.functionId === fn.id));
    await timed(`${onDemand.length} on-demand function(s) called as a person would`, async () => {
      for (const fn of onDemand) {
        const body = fn.name === 'crunchbase' ? JSON.stringify({ permalinks: DEFAULT_PERMALINKS.slice(0, 3) }) : '{}';
        problems.push(
          ...(await call(
            `function ${fn.name}`,
            byId.get(fn.id)!.url,
            'POST',
            { 'Content-Type': 'application/json' },
            body,
          )),
        );
      }
    });

    const [articleId] = replays.news.publish(1);
    const id = String(articleId);
    const lakeBucket = config.lake?.bucket ?? `${PROJECT}-market-data-lake`;
    await timed(`article ${id} pushed through the websocket reached the lake and the warehouse`, async () => {
      await waitUntil(
        `article ${id} in the lake, news and news_signals`,
        async () => {
          const [lake, news, signals] = await Promise.all([
            objectsMentioning(endpoints, lakeBucket, 'stream/', id),
            idsInTable(endpoints, applied.dataset, 'news', 'id', [id]),
            idsInTable(endpoints, applied.dataset, 'news_signals', 'article_id', [id]),
          ]);
          return lake.length > 0 && news.length === 1 && signals.length === 1;
        },
        { timeoutMs: 120_000, intervalMs: 1_000, abortIf: () => streamer.assertRunning() },
      );
    }).catch((error: Error) => problems.push(error.message));

    const runs = await latestRuns(endpoints, applied.dataset);
    for (const fn of functions.filter((f) => f.name !== 'dashboard')) {
      const run = runs.get(fn.name);
      if (run?.status !== 'succeeded')
        problems.push(
          `pipeline ${fn.name}: the ledger says ${run ? `${run.status}${run.error ? ` (${run.error})` : ''}` : 'no run'}`,
        );
    }
    const dashboard = [...byId.values()].find((fn) => fn.name === 'dashboard');
    if (dashboard) {
      const answer = await fetch(`${dashboard.url}/api/pipelines`);
      const body = (await answer.json()) as { pipelines?: { name: string }[] };
      if (answer.status !== 200 || (body.pipelines ?? []).length !== functions.length - 1)
        problems.push(`dashboard /api/pipelines answered ${answer.status} with ${JSON.stringify(body).slice(0, 300)}`);
    }
    log(`ledger: ${[...runs].map(([name, run]) => `${name}=${run.status}`).join(', ')}`);
  } catch (error) {
    problems.push((error as Error).message);
  } finally {
    for (const stop of stops.reverse()) await stop().catch((error: Error) => log(`stop failed: ${error.message}`));
  }
  return { problems, steps, workDir };
}

/** POSTs (or sends `method`) and returns the problems: a non-2xx answer or a run that did not succeed. */
async function call(
  label: string,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string,
): Promise<string[]> {
  const answer = await fetch(`${url}/`, {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : body,
    signal: AbortSignal.timeout(600_000),
  });
  const text = await answer.text();
  let status: unknown;
  try {
    status = (JSON.parse(text) as { status?: unknown }).status;
  } catch {
    status = undefined;
  }
  return answer.status === 200 && status === 'succeeded'
    ? []
    : [`${label}: HTTP ${answer.status} ${text.slice(0, 500)}`];
}

/** The deploy config of the rehearsal: the stand-ins' Kafka as an external SASL_SSL Kafka (SCRAM), small settings. */
function rehearsalDeployConfig(kafka: { brokers: readonly string[]; username: string }): DeployConfigFile {
  const year = new Date().getUTCFullYear();
  return {
    project: PROJECT,
    stateBucket: `${PROJECT}-tfstate`,
    deletionProtection: false,
    pipelines: {
      prices: { settings: { PRICES_WATCHLIST: 'AAPL,MSFT', PRICES_BACKFILL_FROM: `${year - 1}-01-01` } },
      news: { settings: { NEWS_MARKET_WIDE: 'true' } },
      'product-hunt': { settings: { PRODUCT_HUNT_LOOKBACK_DAYS: '7' } },
    },
    streaming: {
      kafka: {
        mode: 'external',
        brokers: [...kafka.brokers],
        saslMechanism: 'scram-sha-512',
        username: kafka.username,
      },
      settings: { NEWS_SUBSCRIBE: '*' },
    },
  };
}

/** What the operator would have put in Secret Manager: the stand-ins' credentials. */
function secretValuesOf(replays: Replays, kafkaPassword: string): Record<string, string> {
  const { endpoints } = replays;
  return {
    APCA_API_KEY_ID: endpoints.news.keyId,
    APCA_API_SECRET_KEY: endpoints.news.secretKey,
    POLYGON_API_KEY: endpoints.prices.polygonApiKey,
    PRODUCT_HUNT_TOKEN: endpoints.productHunt.token,
    CRUNCHBASE_API_KEY: endpoints.crunchbase.apiKey,
    KAFKA_SASL_PASSWORD: kafkaPassword,
  };
}

/** The stand-ins' addresses, through the settings the platform documents for them. */
function endpointOverrides(endpoints: EmulatorEndpoints, replays: Replays): Record<string, string> {
  const r = replays.endpoints;
  return {
    GCS_API_ENDPOINT: endpoints.gcsApiEndpoint,
    BIGQUERY_API_ENDPOINT: endpoints.bigqueryApiEndpoint,
    PUBSUB_EMULATOR_HOST: endpoints.pubsubEmulatorHost,
    METADATA_SERVER_DETECTION: 'none',
    YAHOO_BASE_URL: r.prices.baseUrl,
    ALPACA_DATA_BASE_URL: r.prices.baseUrl,
    POLYGON_BASE_URL: r.prices.baseUrl,
    ALPACA_NEWS_BASE_URL: r.news.baseUrl,
    ALPACA_NEWS_STREAM_URL: r.news.streamUrl,
    YAHOO_RSS_BASE_URL: r.news.baseUrl,
    PRODUCT_HUNT_BASE_URL: r.productHunt.baseUrl,
    CRUNCHBASE_BASE_URL: r.crunchbase.baseUrl,
  };
}
