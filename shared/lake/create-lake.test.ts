import type { LakeConfig } from '../config';
import { ConfigError } from '../errors';
import { createLake, type LakeSettings } from './create-lake';

// Compile-time check (tsc): the config helper's LakeConfig slice can be handed to createLake as is.
const fromConfig = (config: LakeConfig): LakeSettings => config;

describe('createLake', () => {
  it('picks the local directory backend', () => {
    const lake = createLake(fromConfig({ backend: 'local', dir: '/tmp/lake-x' } as LakeConfig));
    expect(lake.kind).toBe('local');
    expect(lake.describe()).toBe('local dir /tmp/lake-x');
  });

  it('picks the bucket backend with its endpoint', () => {
    const lake = createLake({
      backend: 'gcs',
      dir: '.data/lake',
      bucket: 'market-lake',
      projectId: 'p1',
      apiEndpoint: 'http://127.0.0.1:4443',
    });
    expect(lake.kind).toBe('gcs');
    expect(lake.describe()).toBe('gcs gs://market-lake (http://127.0.0.1:4443)');
    expect(createLake({ backend: 'gcs', dir: 'x', bucket: 'b', projectId: 'p' }).describe()).toBe(
      'gcs gs://b (https://storage.googleapis.com)',
    );
  });

  it('names every missing gcs setting at once', () => {
    expect.assertions(3);
    try {
      createLake({ backend: 'gcs', dir: '.data/lake' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues).toEqual([
        'LAKE_BUCKET: required when LAKE_BACKEND=gcs',
        'GOOGLE_CLOUD_PROJECT: required when LAKE_BACKEND=gcs',
      ]);
      expect((error as ConfigError).retriable).toBe(false);
    }
  });
});
