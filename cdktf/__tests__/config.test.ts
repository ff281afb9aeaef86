/** parseDeployConfig is pure: plain env objects in, a frozen config or one message naming every bad variable out. */
import { parseDeployConfig } from '../config';

describe('parseDeployConfig', () => {
  it('derives every name from the project with documented defaults', () => {
    const config = parseDeployConfig({ GOOGLE_CLOUD_PROJECT: 'acme-markets' });
    expect(config).toMatchObject({
      projectId: 'acme-markets',
      region: 'us-central1',
      lake: { bucket: 'acme-markets-market-data-lake', rawNearlineAfterDays: 30 },
      warehouse: { dataset: 'market_data', location: 'US' },
      kafka: { mode: 'managed', vcpu: 3, memoryGib: 3, partitions: 3 },
      functions: { maxInstances: 3, logLevel: 'info' },
      scheduler: { retryCount: 3 },
      streamer: { image: 'us-central1-docker.pkg.dev/acme-markets/market-data/streamer:latest', secrets: ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY'] },
      deletionProtection: true,
      stateBucket: undefined,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats an empty value as unset and KAFKA_BROKERS as an external bootstrap', () => {
    const config = parseDeployConfig({ GOOGLE_CLOUD_PROJECT: 'acme-markets', DEPLOY_REGION: ' ', KAFKA_BROKERS: 'a:9092, b:9092', DEPLOY_DELETION_PROTECTION: 'false' });
    expect(config.region).toBe('us-central1');
    expect(config.kafka).toEqual({ mode: 'external', brokers: ['a:9092', 'b:9092'], partitions: 3 });
    expect(config.deletionProtection).toBe(false);
  });

  it('reports every bad variable at once', () => {
    expect.assertions(5);
    try {
      parseDeployConfig({ GOOGLE_CLOUD_PROJECT: 'Bad_Project', LAKE_RAW_NEARLINE_AFTER_DAYS: 'soon', SCHEDULER_RETRY_COUNT: '9', LOG_LEVEL: 'loud' });
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ['GOOGLE_CLOUD_PROJECT', 'LAKE_RAW_NEARLINE_AFTER_DAYS', 'SCHEDULER_RETRY_COUNT', 'LOG_LEVEL']) expect(message).toContain(name);
      expect(message).not.toContain('Bad_Project');
    }
  });

  it('parses DASHBOARD_INVOKERS as IAM members, empty by default, and refuses public principals without echoing them', () => {
    expect(parseDeployConfig({ GOOGLE_CLOUD_PROJECT: 'acme-markets' }).dashboard).toEqual({ invokers: [] });
    expect(parseDeployConfig({ GOOGLE_CLOUD_PROJECT: 'acme-markets', DASHBOARD_INVOKERS: ' ' }).dashboard.invokers).toEqual([]);
    const members = 'group:analysts@example.com, user:me@example.com,serviceAccount:ci@acme-markets.iam.gserviceaccount.com,domain:example.com';
    expect(parseDeployConfig({ GOOGLE_CLOUD_PROJECT: 'acme-markets', DASHBOARD_INVOKERS: members }).dashboard.invokers).toEqual([
      'group:analysts@example.com', 'user:me@example.com', 'serviceAccount:ci@acme-markets.iam.gserviceaccount.com', 'domain:example.com',
    ]);
    for (const bad of ['allUsers', 'group:a@example.com,allAuthenticatedUsers', 'analysts@example.com', 'user:nobody']) {
      expect(() => parseDeployConfig({ GOOGLE_CLOUD_PROJECT: 'acme-markets', DASHBOARD_INVOKERS: bad })).toThrow(/DASHBOARD_INVOKERS: must be IAM members/);
    }
    expect(() => parseDeployConfig({ GOOGLE_CLOUD_PROJECT: 'acme-markets', DASHBOARD_INVOKERS: 'allUsers' })).not.toThrow(/allUsers/);
  });

  it('requires a project', () => {
    expect(() => parseDeployConfig({})).toThrow('GOOGLE_CLOUD_PROJECT: is required to deploy');
    expect(() => parseDeployConfig({ LOG_LEVEL: 'loud' })).toThrow(/GOOGLE_CLOUD_PROJECT: is required to deploy[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*GOOGLE_CLOUD_PROJECT: is required/);
  });
});
