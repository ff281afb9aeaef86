/**
 * `make deploy` and `make preflight` as one function with its dependencies passed in: read the
 * config, write the streamer image's context (its digest is the image tag), run the preflight, print
 * its report, and, when nothing blocks and more than a preflight was asked for, plan and execute.
 * main.ts wires it to the process; tests run it against a local stand-in with a recording runner.
 */
import { join, resolve } from 'node:path';
import type { DeployConfig } from '../config';
import { readDeployConfig } from '../config-file';
import { writeStreamerImageContext } from '../streamer-image';
import { deployAuth, googleAuthHeaders, staticTokenHeaders, type AuthHeaders } from './credentials';
import { executePlan, type CommandRunner } from './execute';
import { formatReport } from './findings';
import type { GoogleRestOptions } from './google-rest';
import { planDeploy, type DeployPaths } from './plan';
import { preflight, preflightPassed } from './preflight';
import type { DeploySettings } from './settings';

/** Everything a deploy run needs from outside. */
export interface DeployRun {
  readonly settings: DeploySettings;
  readonly repoRoot: string;
  /** true for `make preflight`: report and stop. */
  readonly preflightOnly: boolean;
  readonly run: CommandRunner;
  readonly write: (text: string) => void;
  /** Defaults: GOOGLE_OAUTH_ACCESS_TOKEN when set, else Application Default Credentials. */
  readonly credentials?: { readonly headers: AuthHeaders; readonly source: string };
  /** Where synth's outputs live; defaults under repoRoot (cdktf.out, dist/streamer-image). */
  readonly paths?: Partial<Omit<DeployPaths, 'repoRoot' | 'configFile'>>;
  readonly http?: Omit<GoogleRestOptions, 'headers'>;
}

/** The default paths of a checkout. */
export function defaultPaths(repoRoot: string, configFile: string): DeployPaths {
  return {
    repoRoot,
    configFile: resolve(configFile),
    synthDir: join(repoRoot, 'cdktf.out'),
    imageContext: join(repoRoot, 'dist', 'streamer-image'),
    buildConfigFile: join(repoRoot, 'dist', 'streamer-image.cloudbuild.json'),
  };
}

/** The credentials the settings call for. */
export function credentialsFor(settings: DeploySettings): { headers: AuthHeaders; source: string } {
  if (settings.accessToken !== undefined)
    return { headers: staticTokenHeaders(settings.accessToken), source: 'GOOGLE_OAUTH_ACCESS_TOKEN' };
  return { headers: googleAuthHeaders(deployAuth()), source: 'Application Default Credentials' };
}

/** Runs the preflight and, when asked and allowed, the deploy. Resolves to the process exit code. */
export async function runDeploy(options: DeployRun): Promise<number> {
  const config: DeployConfig = readDeployConfig(options.settings.configPath);
  const paths: DeployPaths = { ...defaultPaths(options.repoRoot, options.settings.configPath), ...options.paths };
  const imageTag =
    config.streaming === undefined ? undefined : writeStreamerImageContext(options.repoRoot, paths.imageContext).tag;
  const report = await preflight({
    config,
    endpoints: options.settings.endpoints,
    credentials: options.credentials ?? credentialsFor(options.settings),
    http: options.http,
    path: options.settings.path,
    terraformBinary: options.settings.terraformBinary,
    imageTag,
  });
  options.write(formatReport(config.projectId, report.findings));
  if (!preflightPassed(report)) return 1;
  if (options.preflightOnly) return 0;
  const steps = planDeploy(config, report, paths);
  await executePlan(steps, { cwd: options.repoRoot, run: options.run, write: options.write });
  options.write(`Deployed ${config.projectId}: ${steps.map((s) => s.id).join(' -> ')}\n`);
  return 0;
}
