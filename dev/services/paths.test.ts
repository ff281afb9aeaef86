import * as os from 'node:os';
import * as path from 'node:path';
import { kafkaClasspath, requireInstalled, standInPaths } from './paths';

describe('standInPaths', () => {
  it.each([
    [{}, path.join(os.homedir(), '.cache', 'market-data-dev')],
    [{ DEV_CACHE_DIR: '' }, path.join(os.homedir(), '.cache', 'market-data-dev')],
    [{ DEV_CACHE_DIR: '/opt/standins' }, '/opt/standins'],
  ])('resolves the cache dir from %j', (env, cacheDir) => {
    const paths = standInPaths(env);
    expect(paths.cacheDir).toBe(cacheDir);
    expect(paths.fakeGcsServer).toBe(path.join(cacheDir, 'bin', 'fake-gcs-server'));
    expect(paths.kafkaLibsDir).toBe(path.join(cacheDir, 'kafka', 'libs'));
  });
});

describe('requireInstalled', () => {
  it('names the missing binary and the install command', () => {
    const paths = standInPaths({ DEV_CACHE_DIR: '/nonexistent/market-data-dev' });
    expect(() => requireInstalled(paths.bigqueryEmulator, 'bigquery-emulator')).toThrow(
      'bigquery-emulator is not installed (missing /nonexistent/market-data-dev/bin/bigquery-emulator); run `bash dev/install.sh` first.',
    );
    expect(() => kafkaClasspath(paths)).toThrow(/Apache Kafka 3\.9\.1 is not installed .*bash dev\/install\.sh/);
  });

  it('returns the path of an existing file', () => {
    expect(requireInstalled(__filename, 'this test')).toBe(__filename);
  });
});
