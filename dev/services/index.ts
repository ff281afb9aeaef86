/**
 * Real stand-ins for the cloud services, for integration tests and the local demo. Each start
 * function binds 127.0.0.1 (a free port unless one is given), waits until the service answers its
 * real protocol, logs to a file, and returns a handle with `stop()`. Binaries come from
 * `bash dev/install.sh` (cache: $DEV_CACHE_DIR or ~/.cache/market-data-dev).
 */
export {
  startKafkaBroker,
  type KafkaBrokerHandle,
  type KafkaBrokerOptions,
  type KafkaSaslSslEndpoint,
  type KafkaSaslUser,
} from './kafka';
export { startFakeGcs, type FakeGcsHandle } from './fake-gcs';
export { startBigQueryEmulator, type BigQueryEmulatorHandle, type BigQueryEmulatorOptions } from './bigquery-emulator';
export { startPubSubEmulator, type PubSubEmulatorHandle } from './pubsub-emulator';
export { startStandIns, type StandIns, type StandInsOptions } from './stand-ins';
export { standInPaths, requireInstalled, kafkaClasspath, type StandInPaths } from './paths';
export { freePort } from './free-port';
export { waitUntil, type WaitUntilOptions } from './wait-until';
export type { CommonStartOptions } from './options';
