/** The rehearsal adds nothing to a synthesized environment but the stand-ins' endpoints and the secrets' values. */
import { ENDPOINT_OVERRIDES, workloadEnvironment } from './launch';

describe('workloadEnvironment', () => {
  const synthesized = { LAKE_BACKEND: 'gcs', WAREHOUSE_BACKEND: 'bigquery', PRICES_WATCHLIST: 'AAPL' };
  const secrets = [{ env: 'PRODUCT_HUNT_TOKEN', secretId: 'product-hunt-token', version: '3' }];

  it('is the synthesized environment, the mounted secrets and the endpoint overrides, and no other variable of this process', () => {
    const env = workloadEnvironment(
      synthesized,
      secrets,
      { PRODUCT_HUNT_TOKEN: 't0k', POLYGON_API_KEY: 'unmounted' },
      { GCS_API_ENDPOINT: 'http://127.0.0.1:1' },
    );
    expect(env).toEqual({
      PATH: expect.any(String),
      HOME: expect.any(String),
      ...synthesized,
      PRODUCT_HUNT_TOKEN: 't0k',
      GCS_API_ENDPOINT: 'http://127.0.0.1:1',
    });
    expect(ENDPOINT_OVERRIDES).not.toContain('WAREHOUSE_BACKEND');
  });

  it('refuses an override that is not an endpoint, or that would replace a synthesized value, and a secret without a value', () => {
    expect(() => workloadEnvironment(synthesized, [], {}, { WAREHOUSE_BACKEND: 'duckdb' })).toThrow(
      'the rehearsal may not set WAREHOUSE_BACKEND',
    );
    expect(() =>
      workloadEnvironment({ ...synthesized, GCS_API_ENDPOINT: 'x' }, [], {}, { GCS_API_ENDPOINT: 'y' }),
    ).toThrow('may not set GCS_API_ENDPOINT');
    expect(() => workloadEnvironment(synthesized, secrets, {}, {})).toThrow(
      'no stand-in value for secret PRODUCT_HUNT_TOKEN (product-hunt-token version 3)',
    );
  });
});
