import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Where dev/install.sh put each stand-in. All paths are absolute. */
export interface StandInPaths {
  /** `$DEV_CACHE_DIR`, or `~/.cache/market-data-dev` when unset or empty. */
  cacheDir: string;
  /** Folder of Kafka 3.9.1 jars; the JVM runs with `-cp "<kafkaLibsDir>/*"`. */
  kafkaLibsDir: string;
  fakeGcsServer: string;
  bigqueryEmulator: string;
  pubsubEmulator: string;
  /** The quiet log4j 1 config committed in dev/kafka/. */
  kafkaLog4jConfig: string;
}

/**
 * Resolves the stand-in cache from an env object (pure; nothing is checked on disk here).
 * An empty DEV_CACHE_DIR counts as unset.
 */
export function standInPaths(env: NodeJS.ProcessEnv = process.env): StandInPaths {
  const cacheDir = path.resolve(env.DEV_CACHE_DIR || path.join(os.homedir(), '.cache', 'market-data-dev'));
  const bin = path.join(cacheDir, 'bin');
  return {
    cacheDir,
    kafkaLibsDir: path.join(cacheDir, 'kafka', 'libs'),
    fakeGcsServer: path.join(bin, 'fake-gcs-server'),
    bigqueryEmulator: path.join(bin, 'bigquery-emulator'),
    pubsubEmulator: path.join(bin, 'pubsub-emulator'),
    kafkaLog4jConfig: path.join(__dirname, '..', 'kafka', 'log4j.properties'),
  };
}

/**
 * Returns `file` when it exists; otherwise throws an Error that names the missing stand-in and the
 * command that installs it, so a fresh clone fails with instructions rather than ENOENT.
 */
export function requireInstalled(file: string, what: string): string {
  if (!fs.existsSync(file)) {
    throw new Error(`${what} is not installed (missing ${file}); run \`bash dev/install.sh\` first.`);
  }
  return file;
}

/** The Kafka classpath glob, after checking the broker jar is present. Throws like requireInstalled. */
export function kafkaClasspath(paths: StandInPaths): string {
  requireInstalled(path.join(paths.kafkaLibsDir, 'kafka_2.13-3.9.1.jar'), 'Apache Kafka 3.9.1');
  return `${paths.kafkaLibsDir}/*`;
}
