/**
 * The one streamer image's entry: STREAMER_ROLE (through the loaded config) picks the service:
 * `producer` (websocket -> Kafka, streamer/main.ts), `lake-sink` or `analyst` (consumer groups).
 * Each service is loaded only when chosen, so a sink never loads the websocket client.
 */
import { loadConfig, type Config } from '../shared/config';
import { consumersSettingsFrom, type StreamerRole } from './consumers/settings';

/** Starts the service for `role`; resolves once it runs (each installs its own SIGTERM drain). */
export async function runRole(role: StreamerRole, config: Config): Promise<void> {
  switch (role) {
    case 'producer':
      // streamer/main.ts loads the (same, pure) config itself; it takes no argument yet.
      return (await import('./main')).main();
    case 'lake-sink':
      return (await import('./consumers/lake-sink/main')).main(config);
    case 'analyst':
      return (await import('./consumers/analyst/main')).main(config);
  }
}

/** The process: load config once, dispatch on STREAMER_ROLE (default producer). */
export async function main(config: Config = loadConfig()): Promise<void> {
  await runRole(consumersSettingsFrom(config).role, config);
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`streamer failed to start: ${error.message}\n`);
    process.exit(1);
  });
}
