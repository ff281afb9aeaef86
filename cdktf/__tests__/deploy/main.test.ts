/**
 * `make preflight` as the process it is (cdktf/deploy/main.ts under tsx): its environment wiring
 * (DEPLOY_CONFIG, GOOGLE_OAUTH_ACCESS_TOKEN, DEPLOY_API_ENDPOINTS, PATH), its report on stdout and
 * its exit code, against the local Google stand-in.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REQUIRED_APIS } from '../../constructs/api-gate';
import { BOOTSTRAP_APIS } from '../../deploy/checks/apis';
import { TEST_FILE } from '../helpers';
import { healthyProject, startGoogleStandIn, type GoogleStandIn } from './google-standin';

const repoRoot = join(__dirname, '..', '..', '..');
const TOKEN = 'ya29.main-test';

function runMain(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'cdktf/deploy/main.ts', '--preflight-only'],
      { cwd: repoRoot, env, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
      },
    );
  });
}

describe('cdktf/deploy/main.ts --preflight-only', () => {
  let standIn: GoogleStandIn;
  let env: Record<string, string>;
  let dir: string;

  beforeAll(async () => {
    const project = healthyProject(TEST_FILE.project, TEST_FILE.stateBucket, [...BOOTSTRAP_APIS, ...REQUIRED_APIS]);
    project.billingEnabled = false;
    for (const id of ['product-hunt-token', 'crunchbase-api-key'])
      project.secrets.set(id, [{ number: 2, state: 'ENABLED' }]);
    standIn = await startGoogleStandIn(project, { accessToken: TOKEN });
    dir = mkdtempSync(join(tmpdir(), 'deploy-main-'));
    // Streaming off: the preflight then writes no image context into the checkout.
    writeFileSync(join(dir, 'deploy.json'), JSON.stringify({ ...TEST_FILE, streaming: { enabled: false } }));
    for (const name of ['terraform', 'gcloud']) writeFileSync(join(dir, name), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    env = {
      HOME: dir,
      PATH: dir,
      METADATA_SERVER_DETECTION: 'none',
      DEPLOY_CONFIG: join(dir, 'deploy.json'),
      GOOGLE_OAUTH_ACCESS_TOKEN: TOKEN,
      DEPLOY_API_ENDPOINTS: JSON.stringify(standIn.endpoints),
    };
  });
  afterAll(async () => {
    await standIn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the report and exits 1 when something blocks', async () => {
    const { code, stdout } = await runMain(env);
    expect(stdout.split('\n')[0]).toBe(`Preflight of project ${TEST_FILE.project}: 1 blocking, 0 warnings`);
    expect(stdout).toContain(
      `fix: gcloud billing accounts list; gcloud billing projects link ${TEST_FILE.project} --billing-account=<ACCOUNT_ID>`,
    );
    expect(stdout).toContain('GOOGLE_OAUTH_ACCESS_TOKEN: a token is available');
    expect(stdout).toContain(`terraform: ${join(env.PATH!, 'terraform')}`);
    expect(code).toBe(1);
    // Every call went to the stand-in with the token from the environment.
    expect(standIn.requests.length).toBeGreaterThan(0);
    expect(standIn.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('says which variable is missing, and exits 1', async () => {
    const { code, stdout, stderr } = await runMain({ ...env, DEPLOY_CONFIG: '' });
    expect(stdout).toBe('');
    expect(stderr).toContain('DEPLOY_CONFIG must name the deploy config file');
    expect(code).toBe(1);
  });
});
