/**
 * The preflight (every missing item at once with its fix; pinned secret versions) against a real local HTTP stand-in of Google's REST
 * endpoints: every problem of a broken project is listed in one report with its fix; a healthy
 * project yields the pinned versions map synth mounts; optional secrets are mounted only when they
 * have a version; transient 429/5xx are retried; payloads are never read.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REQUIRED_APIS } from '../../constructs/api-gate';
import { addVersionCommand, type SecretVersions } from '../../secret-names';
import { BOOTSTRAP_APIS } from '../../deploy/checks/apis';
import { deployAuth, googleAuthHeaders, staticTokenHeaders } from '../../deploy/credentials';
import { blockersOf, formatReport, type Finding } from '../../deploy/findings';
import { createGoogleGet } from '../../deploy/google-rest';
import { preflight, preflightPassed, type PreflightInput } from '../../deploy/preflight';
import { checkSecrets } from '../../deploy/secret-versions';
import { testConfig, TEST_FILE } from '../helpers';
import { healthyProject, startGoogleStandIn, type GoogleStandIn, type StandInProject } from './google-standin';

const TOKEN = 'ya29.standin-token';
const PROJECT = TEST_FILE.project;
const BUCKET = TEST_FILE.stateBucket;
const ALL_APIS = [...BOOTSTRAP_APIS, ...REQUIRED_APIS];

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A PATH directory holding (never run) executables of the given names. */
function pathWith(...programs: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-path-'));
  scratch.push(dir);
  for (const name of programs) {
    writeFileSync(join(dir, name), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

/** Every secret the default config's workloads read, each with one enabled version. */
function withAllSecrets(project: StandInProject): StandInProject {
  for (const id of ['apca-api-key-id', 'apca-api-secret-key', 'product-hunt-token', 'crunchbase-api-key'])
    project.secrets.set(id, [{ number: 1, state: 'ENABLED' }]);
  return project;
}

describe('preflight against a local stand-in of the Google APIs', () => {
  let standIn: GoogleStandIn | undefined;
  afterEach(async () => {
    await standIn?.close();
    standIn = undefined;
  });

  async function run(
    project: StandInProject,
    overrides: Partial<PreflightInput> & { file?: Parameters<typeof testConfig>[0] } = {},
  ) {
    standIn = await startGoogleStandIn(project, { accessToken: TOKEN });
    const config = testConfig(overrides.file ?? {});
    const report = await preflight({
      config,
      endpoints: standIn.endpoints,
      credentials: { headers: staticTokenHeaders(TOKEN), source: 'test token' },
      http: { baseDelayMs: 1, timeoutMs: 5_000 },
      path: pathWith('terraform', 'gcloud'),
      terraformBinary: 'terraform',
      imageTag: config.streaming === undefined ? undefined : '0123456789abcdef0123',
      ...overrides,
    });
    return { report, standIn, config };
  }

  const severityOf = (findings: readonly Finding[], check: string, text: string) =>
    findings.filter((f) => f.check === check && f.message.includes(text)).map((f) => f.severity);

  it('lists every problem of a broken project at once, each blocker with its fix, and resolves what it can', async () => {
    const project = healthyProject(
      PROJECT,
      BUCKET,
      ALL_APIS.filter(
        (api) => !['serviceusage.googleapis.com', 'run.googleapis.com', 'cloudfunctions.googleapis.com'].includes(api),
      ),
    );
    project.billingAccount = undefined;
    project.billingEnabled = false;
    project.buckets.clear();
    project.secrets.set('product-hunt-token', []);
    // Newest version disabled, an older one enabled: the older one is pinned.
    project.secrets.set('crunchbase-api-key', [
      { number: 1, state: 'ENABLED' },
      { number: 2, state: 'DISABLED' },
    ]);
    // apca-api-key-id / apca-api-secret-key absent: only news reads them (optionally) with streaming off.

    const { report } = await run(project, { file: { streaming: { enabled: false } }, path: pathWith('gcloud') });

    const blockers = blockersOf(report.findings).map((f) => ({ check: f.check, fix: f.fix }));
    expect(blockers).toEqual([
      {
        check: 'billing',
        fix: `gcloud billing accounts list; gcloud billing projects link ${PROJECT} --billing-account=<ACCOUNT_ID>`,
      },
      { check: 'apis', fix: `gcloud services enable serviceusage.googleapis.com --project=${PROJECT}` },
      { check: 'secrets', fix: addVersionCommand('PRODUCT_HUNT_TOKEN', PROJECT) },
      {
        check: 'state-bucket',
        fix: `gcloud storage buckets create gs://${BUCKET} --project=${PROJECT} --location=us-central1 --uniform-bucket-level-access --public-access-prevention && gcloud storage buckets update gs://${BUCKET} --versioning`,
      },
      { check: 'tools', fix: expect.stringContaining('install Terraform') },
    ]);
    expect(
      severityOf(
        report.findings,
        'secrets',
        'PRODUCT_HUNT_TOKEN: secret product-hunt-token has no version; required by product-hunt',
      ),
    ).toEqual(['blocker']);
    expect(
      severityOf(
        report.findings,
        'apis',
        'enabled by the apply (platform stack): cloudfunctions.googleapis.com, run.googleapis.com',
      ),
    ).toEqual(['info']);
    for (const env of ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY']) {
      expect(
        severityOf(
          report.findings,
          'secrets',
          `${env}: secret ${env.toLowerCase().replace(/_/g, '-')} does not exist; optional, not mounted; news falls back to Yahoo RSS`,
        ),
      ).toEqual(['info']);
    }
    expect(report.secretVersions).toEqual({ CRUNCHBASE_API_KEY: '1' });
    expect(preflightPassed(report)).toBe(false);

    // One report names every blocker and its fix, before anything else.
    const text = formatReport(PROJECT, report.findings);
    expect(text.split('\n')[0]).toBe(`Preflight of project ${PROJECT}: 5 blocking, 0 warnings`);
    const firstNonBlocker = text.split('\n').findIndex((line) => /^\s+(WARN|info|ok)\s/.test(line));
    for (const blocker of blockersOf(report.findings)) {
      const at = text.split('\n').findIndex((line) => line.includes(blocker.message));
      expect(at).toBeGreaterThan(0);
      expect(at).toBeLessThan(firstNonBlocker);
      expect(text).toContain(`fix: ${blocker.fix}`);
    }
  });

  it('resolves a healthy project to the newest ENABLED version of every secret, pinned, reading only metadata', async () => {
    const project = withAllSecrets(healthyProject(PROJECT, BUCKET, ALL_APIS));
    // More versions than one page of the stand-in (2): the newest enabled one is on the first page,
    // an older disabled one and a destroyed one follow on later pages.
    project.secrets.set('apca-api-key-id', [
      { number: 1, state: 'ENABLED' },
      { number: 2, state: 'DISABLED' },
      { number: 3, state: 'ENABLED' },
      { number: 4, state: 'DESTROYED' },
      { number: 5, state: 'DISABLED' },
    ]);
    project.secrets.set('product-hunt-token', [
      { number: 1, state: 'DESTROYED' },
      { number: 2, state: 'ENABLED' },
    ]);

    const { report, standIn: google } = await run(project);

    expect(blockersOf(report.findings)).toEqual([]);
    expect(report.findings.filter((f) => f.severity === 'warning')).toEqual([]);
    expect(report.secretVersions).toEqual<SecretVersions>({
      APCA_API_KEY_ID: '3',
      APCA_API_SECRET_KEY: '1',
      PRODUCT_HUNT_TOKEN: '2',
      CRUNCHBASE_API_KEY: '1',
    });
    expect(Object.values(report.secretVersions).every((v) => /^[1-9]\d*$/.test(v))).toBe(true);
    expect(report.image).toEqual({
      reference: `us-central1-docker.pkg.dev/${PROJECT}/market-data/streamer:0123456789abcdef0123`,
      present: false,
    });
    // Every API base URL was used, each request carried the token, and no payload was ever accessed.
    expect(new Set(google.requests.map((r) => r.api))).toEqual(
      new Set(['resourceManager', 'billing', 'serviceUsage', 'storage', 'secretManager', 'artifactRegistry']),
    );
    expect(google.requests.every((r) => r.authorization === `Bearer ${TOKEN}` && r.method === 'GET')).toBe(true);
    expect(google.requests.filter((r) => r.path.includes(':access'))).toEqual([]);
    // Paging was followed: apca-api-key-id's five versions took three pages.
    expect(google.requests.filter((r) => r.path.includes('/secrets/apca-api-key-id/versions')).length).toBe(3);
    expect(formatReport(PROJECT, report.findings).split('\n')[0]).toBe(
      `Preflight of project ${PROJECT}: nothing blocks the deploy, 0 warnings`,
    );
  });

  it('mounts an optional secret that has an enabled version, and finds an image already pushed', async () => {
    const project = withAllSecrets(healthyProject(PROJECT, BUCKET, ALL_APIS));
    project.imageTags.add('0123456789abcdef0123');
    const { report } = await run(project, { file: { streaming: { enabled: false } } });
    // Streaming off: the APCA keys are news's optional ones, and they exist, so they are pinned too.
    expect(report.secretVersions).toEqual({
      APCA_API_KEY_ID: '1',
      APCA_API_SECRET_KEY: '1',
      PRODUCT_HUNT_TOKEN: '1',
      CRUNCHBASE_API_KEY: '1',
    });
    expect(report.image).toBeUndefined();

    await standIn!.close();
    standIn = undefined;
    const streaming = await run(project);
    expect(streaming.report.image?.present).toBe(true);
    expect(severityOf(streaming.report.findings, 'image', 'is in Artifact Registry: no build needed')).toEqual(['ok']);
  });

  it('warns, without blocking, when the state bucket keeps no old versions', async () => {
    const project = withAllSecrets(healthyProject(PROJECT, BUCKET, ALL_APIS));
    project.buckets.set(BUCKET, { versioning: undefined });
    const { report } = await run(project);
    expect(report.findings.filter((f) => f.severity === 'warning')).toEqual([
      {
        check: 'state-bucket',
        severity: 'warning',
        message: expect.stringContaining('versioning off'),
        fix: `gcloud storage buckets update gs://${BUCKET} --versioning`,
      },
    ]);
    expect(preflightPassed(report)).toBe(true);
  });

  it('requires the SASL password of an external Kafka for the streamer, and the streamer needs the Alpaca keys', async () => {
    const project = healthyProject(PROJECT, BUCKET, ALL_APIS);
    project.secrets.set('product-hunt-token', [{ number: 4, state: 'ENABLED' }]);
    project.secrets.set('crunchbase-api-key', [{ number: 1, state: 'ENABLED' }]);
    const { report } = await run(project, {
      file: {
        streaming: {
          enabled: true,
          kafka: {
            mode: 'external',
            brokers: ['kafka.example.com:9093'],
            saslMechanism: 'scram-sha-512',
            username: 'mdp',
          },
        },
      },
    });
    const blockers = blockersOf(report.findings);
    expect(blockers.map((f) => f.message)).toEqual([
      'APCA_API_KEY_ID: secret apca-api-key-id does not exist; required by streamer (optional for news)',
      'APCA_API_SECRET_KEY: secret apca-api-secret-key does not exist; required by streamer (optional for news)',
      'KAFKA_SASL_PASSWORD: secret kafka-sasl-password does not exist; required by streamer',
    ]);
    expect(blockers.map((f) => f.fix)).toEqual(
      ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY', 'KAFKA_SASL_PASSWORD'].map((env) => addVersionCommand(env, PROJECT)),
    );
  });

  it('retries 429 and 503 answers (honouring Retry-After) and reports an API that never recovers as a blocker beside the rest', async () => {
    const project = withAllSecrets(healthyProject(PROJECT, BUCKET, ALL_APIS));
    standIn = await startGoogleStandIn(project, { accessToken: TOKEN });
    standIn.faults.billing = [{ status: 503 }, { status: 429, retryAfterS: 0 }];
    standIn.faults.storage = Array.from({ length: 10 }, () => ({ status: 503 }));
    const config = testConfig();
    const report = await preflight({
      config,
      endpoints: standIn.endpoints,
      credentials: { headers: staticTokenHeaders(TOKEN), source: 'test token' },
      http: { baseDelayMs: 1, maxRetries: 3 },
      path: pathWith('terraform', 'gcloud'),
      terraformBinary: 'terraform',
      imageTag: 'abc123',
    });
    expect(standIn.requests.filter((r) => r.api === 'billing').length).toBe(3);
    expect(severityOf(report.findings, 'billing', 'billing is enabled')).toEqual(['ok']);
    expect(standIn.requests.filter((r) => r.api === 'storage').length).toBe(4);
    expect(blockersOf(report.findings)).toEqual([
      {
        check: 'state-bucket',
        severity: 'blocker',
        message: expect.stringContaining('could not check: GET'),
        fix: expect.stringContaining('make preflight again'),
      },
    ]);
    expect(report.secretVersions).toEqual({
      APCA_API_KEY_ID: '1',
      APCA_API_SECRET_KEY: '1',
      PRODUCT_HUNT_TOKEN: '1',
      CRUNCHBASE_API_KEY: '1',
    });
  });

  it('names the API to enable when Secret Manager is off, and every required secret still to add', async () => {
    const project = healthyProject(
      PROJECT,
      BUCKET,
      ALL_APIS.filter((api) => api !== 'secretmanager.googleapis.com'),
    );
    const { report } = await run(project, { file: { streaming: { enabled: false } } });
    const blockers = blockersOf(report.findings);
    expect(blockers.map((f) => f.fix)).toEqual([
      'gcloud services enable secretmanager.googleapis.com --project=415104041262',
      addVersionCommand('CRUNCHBASE_API_KEY', PROJECT),
      addVersionCommand('PRODUCT_HUNT_TOKEN', PROJECT),
    ]);
    expect(report.secretVersions).toEqual({});
  });

  it('says which grant is missing when a secret cannot be read, and keeps the others', async () => {
    const project = withAllSecrets(healthyProject(PROJECT, BUCKET, ALL_APIS));
    standIn = await startGoogleStandIn(project, { accessToken: TOKEN });
    // The stand-in denies what it does not know: a lookup in another project answers 403.
    const config = testConfig({ streaming: { enabled: false } });
    const get = createGoogleGet({ headers: staticTokenHeaders(TOKEN), baseDelayMs: 1 });
    const denied = await checkSecrets(get, standIn.endpoints, { ...config, projectId: 'not-my-project' });
    expect(blockersOf(denied.findings).map((f) => [f.message.split(';')[0], f.fix])).toEqual([
      [
        'CRUNCHBASE_API_KEY: secret crunchbase-api-key cannot be read (403 PERMISSION_DENIED: The caller does not have permission)',
        'ask for roles/secretmanager.viewer on not-my-project (version metadata only), then make preflight again',
      ],
      [
        'PRODUCT_HUNT_TOKEN: secret product-hunt-token cannot be read (403 PERMISSION_DENIED: The caller does not have permission)',
        'ask for roles/secretmanager.viewer on not-my-project (version metadata only), then make preflight again',
      ],
    ]);
    // The optional keys cannot be read either: a warning, not a stop.
    expect(denied.findings.filter((f) => f.severity === 'warning').map((f) => f.message.split(':')[0])).toEqual([
      'APCA_API_KEY_ID',
      'APCA_API_SECRET_KEY',
    ]);
  });

  it('stops at a project it cannot see, still checking the state bucket and the tools', async () => {
    const project = healthyProject('someone-elses-project', BUCKET, ALL_APIS);
    const { report, standIn: google } = await run(project, { path: pathWith() });
    expect(blockersOf(report.findings).map((f) => f.check)).toEqual(['project', 'tools', 'tools']);
    expect(blockersOf(report.findings)[0]!.message).toContain(
      `project ${PROJECT} does not exist or this account cannot see it (403 PERMISSION_DENIED`,
    );
    expect(severityOf(report.findings, 'project', 'were not checked: they need the project')).toEqual(['info']);
    expect(severityOf(report.findings, 'state-bucket', `gs://${BUCKET} exists`)).toEqual(['ok']);
    expect(new Set(google.requests.map((r) => r.api))).toEqual(new Set(['resourceManager', 'storage']));
  });

  it('reports a refused token as a blocker that says how to log in again', async () => {
    const { report } = await run(withAllSecrets(healthyProject(PROJECT, BUCKET, ALL_APIS)), {
      credentials: { headers: staticTokenHeaders('ya29.expired'), source: 'test token' },
    });
    expect(blockersOf(report.findings)).toEqual([
      {
        check: 'project',
        severity: 'blocker',
        message: expect.stringMatching(/^Google refused the credentials \(401 UNAUTHENTICATED: /),
        fix: expect.stringMatching(/^gcloud auth application-default login /),
      },
      {
        check: 'state-bucket',
        severity: 'blocker',
        message: expect.stringContaining('cannot be read: Google refused the credentials (401 UNAUTHENTICATED'),
        fix: 'gcloud auth application-default login',
      },
    ]);
  });

  describe('with Application Default Credentials of an authorized user (google-auth-library refreshing against the stand-in)', () => {
    const auth = (refreshToken: string, tokenUrl: string) =>
      deployAuth({
        credentials: {
          type: 'authorized_user',
          client_id: 'standin-client.apps.googleusercontent.com',
          client_secret: 'standin-client-secret',
          refresh_token: refreshToken,
        },
        oauth2TokenUrl: tokenUrl,
      });

    it('mints a token and uses it for every call', async () => {
      const project = withAllSecrets(healthyProject(PROJECT, BUCKET, ALL_APIS));
      standIn = await startGoogleStandIn(project, { accessToken: TOKEN });
      const report = await preflight({
        config: testConfig(),
        endpoints: standIn.endpoints,
        credentials: {
          headers: googleAuthHeaders(auth(standIn.refreshToken, standIn.tokenUrl)),
          source: 'Application Default Credentials',
        },
        http: { baseDelayMs: 1 },
        path: pathWith('terraform', 'gcloud'),
        terraformBinary: 'terraform',
        imageTag: 'abc123',
      });
      expect(preflightPassed(report)).toBe(true);
      expect(standIn.requests.filter((r) => r.api === 'oauth2').length).toBe(1);
      expect(
        standIn.requests.filter((r) => r.api !== 'oauth2').every((r) => r.authorization === `Bearer ${TOKEN}`),
      ).toBe(true);
    });

    it('reports credentials that cannot be refreshed, with the login command, and calls no API', async () => {
      const project = withAllSecrets(healthyProject(PROJECT, BUCKET, ALL_APIS));
      standIn = await startGoogleStandIn(project, { accessToken: TOKEN });
      const report = await preflight({
        config: testConfig(),
        endpoints: standIn.endpoints,
        credentials: {
          headers: googleAuthHeaders(auth('revoked-refresh-token', standIn.tokenUrl)),
          source: 'Application Default Credentials',
        },
        http: { baseDelayMs: 1 },
        path: pathWith('terraform', 'gcloud'),
        terraformBinary: 'terraform',
        imageTag: 'abc123',
      });
      expect(blockersOf(report.findings)).toEqual([
        {
          check: 'credentials',
          severity: 'blocker',
          message: expect.stringMatching(/^Application Default Credentials cannot mint a token: .*invalid_grant/),
          fix: 'gcloud auth application-default login',
        },
      ]);
      expect(standIn.requests.filter((r) => r.api !== 'oauth2')).toEqual([]);
      expect(report.secretVersions).toEqual({});
    });
  });
});
