import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../errors';
import { loadConfigWithDotEnv, readDotEnv } from './dotenv';

describe('.env support', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dotenv-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('parses dotenv syntax', () => {
    const path = join(dir, '.env');
    writeFileSync(path, '# comment\nLAKE_DIR=/tmp/lake\nPOLYGON_API_KEY="quoted value"\nEMPTY=\n');
    expect(readDotEnv(path)).toEqual({ LAKE_DIR: '/tmp/lake', POLYGON_API_KEY: 'quoted value', EMPTY: '' });
  });

  it('treats a missing file as empty', () => {
    expect(readDotEnv(join(dir, 'absent.env'))).toEqual({});
    expect(loadConfigWithDotEnv({}, join(dir, 'absent.env')).lake.dir).toBe('.data/lake');
  });

  it('fails with ConfigError when the path cannot be read as a file', () => {
    expect(() => readDotEnv(dir)).toThrow(ConfigError);
  });

  it('lets the real environment win, except where it is blank', () => {
    const path = join(dir, '.env');
    writeFileSync(path, 'LAKE_DIR=/from/file\nSTREAM_DIR=/stream/from/file\nLOG_LEVEL=debug\n');
    const config = loadConfigWithDotEnv({ LAKE_DIR: '/from/env', STREAM_DIR: '' }, path);
    expect(config.lake.dir).toBe('/from/env');
    expect(config.stream.dir).toBe('/stream/from/file');
    expect(config.log.level).toBe('debug');
  });

  it('reports bad values from the file like any other', () => {
    const path = join(dir, '.env');
    writeFileSync(path, 'HTTP_TIMEOUT_MS=soon\n');
    expect(() => loadConfigWithDotEnv({}, path)).toThrow(/HTTP_TIMEOUT_MS: must be a whole number/);
  });
});
