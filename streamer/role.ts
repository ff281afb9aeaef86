/**
 * The one process entry of the streamer (the image's command; locally
 * `STREAMER_ROLE=lake-sink node --import tsx streamer/role.ts`): STREAMER_ROLE (through the loaded
 * config) picks the service:
 * `all` (the producer and both consumer groups in one process: what the deployed worker pool runs),
 * `producer` (websocket -> Kafka, streamer/main.ts), `lake-sink` or `analyst` (one consumer group).
 * Each service is loaded only when chosen, so a sink never loads the websocket client.
 */
import { loadConfig, secretValues, type Config } from '../shared/config';
import { createLogger } from '../shared/log';
import { consumersSettingsFrom, type StreamerRole } from './consumers/settings';

/** Starts the service for `role`; resolves once it runs (each installs its own SIGTERM drain). */
export async function runRole(role: StreamerRole, config: Config): Promise<void> {
  switch (role) {
    case 'all':
      return runAllRoles(config);
    case 'producer':
      // streamer/main.ts loads the (same, pure) config itself; it takes no argument yet.
      return (await import('./main')).main();
    case 'lake-sink':
      return (await import('./consumers/lake-sink/main')).main(config);
    case 'analyst':
      return (await import('./consumers/analyst/main')).main(config);
  }
}

/**
 * The three services in this process until SIGTERM/SIGINT (drain, exit 0) or until one stops for
 * good (drain, exit 1, so Cloud Run restarts the instance instead of running a third of it). No
 * health server: a worker pool has no ingress and no probe; a crash is its health signal.
 */
async function runAllRoles(config: Config): Promise<void> {
  const logger = createLogger({ ...config.log, secrets: secretValues(config), bindings: { service: 'streamer' } });
  const { startStreamServices } = await import('./all-roles');
  let exiting = false;
  const exit = (code: number, services: { stop(): Promise<void> }) => {
    if (exiting) return;
    exiting = true;
    void services.stop().finally(() => process.exit(code));
  };
  const services = await startStreamServices(config, logger, {
    withStreamer: true,
    onFatal: (service, error) => {
      logger.error(`${service} stopped for good; stopping the instance`, { error: error.message });
      exit(1, services);
    },
  });
  process.once('SIGTERM', () => exit(0, services));
  process.once('SIGINT', () => exit(0, services));
  logger.info('stream services running', { roles: ['producer', 'lake-sink', 'analyst'], stream: services.transport });
}

/** The process: load config once, dispatch on STREAMER_ROLE (default producer). */
export async function main(config: Config = loadConfig()): Promise<void> {
  await runRole(consumersSettingsFrom(config).role, config);
}

// The only `require.main` guard under streamer/: the image bundles every module into one file, where
// `require.main === module` holds in each of them, so a guard elsewhere would start a second service.
if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`streamer failed to start: ${error.message}\n`);
    process.exit(1);
  });
}
