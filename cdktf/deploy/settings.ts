/**
 * The deploy command's settings, from its environment: pure (`parseDeploySettings(env)` takes a
 * plain object; main.ts passes its own environment), every problem reported at once, an empty
 * value read as unset. Everything about WHAT is deployed lives in the deploy config file that
 * DEPLOY_CONFIG names; these settings only say how this machine reaches Google.
 */
import { endpointsFrom, type GoogleEndpoints } from './endpoints';

/** What `make deploy` / `make preflight` read from their environment. */
export interface DeploySettings {
  /** DEPLOY_CONFIG: the deploy config file (cdktf/deploy.example.json shows every key). */
  readonly configPath: string;
  /**
   * GOOGLE_OAUTH_ACCESS_TOKEN: a ready access token, as the Terraform provider accepts it (e.g.
   * from `gcloud auth print-access-token`); unset = Application Default Credentials.
   */
  readonly accessToken: string | undefined;
  /** DEPLOY_API_ENDPOINTS: JSON overrides of the Google API base URLs (endpoints.ts). */
  readonly endpoints: GoogleEndpoints;
  /** TERRAFORM_BINARY_NAME, which cdktf itself reads: `terraform` unless set (e.g. `tofu`). */
  readonly terraformBinary: string;
  /** PATH, searched for terraform and gcloud. */
  readonly path: string;
}

/** Thrown with every bad or missing variable, one per line. */
export class DeploySettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Cannot deploy:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DeploySettingsError';
  }
}

/** Parses the settings from `env`. Pure. Throws DeploySettingsError listing every problem. */
export function parseDeploySettings(env: Readonly<Record<string, string | undefined>>): DeploySettings {
  const value = (name: string): string | undefined => {
    const text = env[name]?.trim();
    return text === undefined || text === '' ? undefined : text;
  };
  const problems: string[] = [];
  const configPath = value('DEPLOY_CONFIG');
  if (configPath === undefined)
    problems.push(
      'DEPLOY_CONFIG must name the deploy config file, e.g. DEPLOY_CONFIG=deploy.json (cdktf/deploy.example.json shows every key)',
    );
  let endpoints: GoogleEndpoints | undefined;
  try {
    endpoints = endpointsFrom(value('DEPLOY_API_ENDPOINTS'));
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0 || configPath === undefined || endpoints === undefined)
    throw new DeploySettingsError(problems);
  return {
    configPath,
    accessToken: value('GOOGLE_OAUTH_ACCESS_TOKEN'),
    endpoints,
    terraformBinary: value('TERRAFORM_BINARY_NAME') ?? 'terraform',
    path: env.PATH ?? '',
  };
}
