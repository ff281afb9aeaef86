/**
 * Before `make deploy` applies anything it checks, all at once, everything a
 * first apply on a fresh project trips over: credentials, the project, billing, the APIs Terraform
 * needs first, the state bucket, the programs it runs, every secret a workload will mount, and
 * whether the streamer image must be built. Every check runs (those that need the project wait for
 * it) and the report lists every problem with its fix; nothing is printed or applied in between.
 * The result also carries the facts the deploy plan is made from (plan.ts).
 */
import type { DeployConfig } from '../config';
import type { SecretVersions } from '../secret-names';
import { imageReference } from '../streamer-image';
import { checkApis } from './checks/apis';
import { checkBilling } from './checks/billing';
import { checkImage, type ImageCheck } from './checks/image';
import { checkProject } from './checks/project';
import { checkStateBucket } from './checks/state-bucket';
import { findTools } from './checks/tools';
import type { AuthHeaders } from './credentials';
import type { GoogleEndpoints } from './endpoints';
import { blockersOf, type CheckName, type Finding } from './findings';
import { createGoogleGet, type GoogleRestOptions } from './google-rest';
import { checkSecrets } from './secret-versions';

/** What the preflight needs. */
export interface PreflightInput {
  readonly config: DeployConfig;
  readonly endpoints: GoogleEndpoints;
  readonly credentials: {
    readonly headers: AuthHeaders;
    /** For the report: where the token comes from (`Application Default Credentials`, ...). */
    readonly source: string;
  };
  /** Transport tuning (tests shorten the backoff). */
  readonly http?: Omit<GoogleRestOptions, 'headers'>;
  /** PATH, searched for terraform and gcloud. */
  readonly path: string;
  readonly terraformBinary: string;
  /** The streamer image's content tag (streamer-image.ts) when streaming is on. */
  readonly imageTag: string | undefined;
}

/** Everything found, and the facts a deploy plan needs. */
export interface PreflightReport {
  readonly findings: readonly Finding[];
  /** Secret variable -> pinned version number, for every secret with an enabled version. */
  readonly secretVersions: SecretVersions;
  /** The streamer image, when streaming is on. */
  readonly image: { readonly reference: string; readonly present: boolean } | undefined;
}

/** True when the report lets the deploy go on. */
export function preflightPassed(report: PreflightReport): boolean {
  return blockersOf(report.findings).length === 0;
}

/** Runs every check. Never throws for what it finds; an unreachable API becomes a blocker. */
export async function preflight(input: PreflightInput): Promise<PreflightReport> {
  const { config, endpoints } = input;
  if (config.streaming !== undefined && input.imageTag === undefined)
    throw new Error('preflight: streaming is on but no image tag was given');
  const imageRef =
    config.streaming === undefined || input.imageTag === undefined
      ? undefined
      : imageReference(config.region, config.projectId, input.imageTag);
  const get = createGoogleGet({ ...input.http, headers: input.credentials.headers });
  const findings: Finding[] = [];
  let secretVersions: SecretVersions = {};
  let imagePresent = false;

  const credentials = await input.credentials.headers().then(
    () =>
      ({ check: 'credentials', severity: 'ok', message: `${input.credentials.source}: a token is available` }) as const,
    (error: unknown) =>
      ({
        check: 'credentials',
        severity: 'blocker',
        message: `${input.credentials.source} cannot mint a token: ${firstLine(error)}`,
        fix: 'gcloud auth application-default login',
      }) as const,
  );
  findings.push(credentials);

  if (credentials.severity === 'ok') {
    const project = await guard(
      'project',
      () => checkProject(get, endpoints, config.projectId),
      (f) => ({ reachable: false, projectNumber: undefined, findings: f }),
    );
    findings.push(...project.findings);
    const bucket = guard(
      'state-bucket',
      () =>
        checkStateBucket(get, endpoints, {
          bucket: config.stateBucket,
          projectId: config.projectId,
          region: config.region,
        }),
      (f) => f,
    );
    if (project.reachable) {
      const [billing, apis, secrets, imageCheck] = await Promise.all([
        guard(
          'billing',
          () => checkBilling(get, endpoints, config.projectId),
          (f) => f,
        ),
        guard(
          'apis',
          () => checkApis(get, endpoints, config.projectId, project.projectNumber ?? config.projectId),
          (f) => f,
        ),
        guard(
          'secrets',
          () => checkSecrets(get, endpoints, config),
          (f) => ({ versions: {}, findings: f }),
        ),
        imageRef === undefined
          ? Promise.resolve(undefined)
          : guard(
              'image',
              () =>
                checkImage(get, endpoints, {
                  projectId: config.projectId,
                  region: config.region,
                  tag: input.imageTag!,
                }),
              (f): ImageCheck => ({ reference: imageRef, present: false, findings: f }),
            ),
      ]);
      findings.push(...billing, ...apis, ...secrets.findings, ...(imageCheck?.findings ?? []));
      secretVersions = secrets.versions;
      imagePresent = imageCheck?.present === true;
    } else {
      findings.push({
        check: 'project',
        severity: 'info',
        message: `billing, APIs${imageRef === undefined ? ' and secrets' : ', secrets and the image'} were not checked: they need the project`,
      });
    }
    findings.push(...(await bucket));
  } else {
    findings.push({
      check: 'credentials',
      severity: 'info',
      message: 'project, billing, APIs, state bucket, secrets and image were not checked: they need credentials',
    });
  }

  findings.push(...toolFindings(input, imageRef !== undefined && !imagePresent));
  return {
    findings,
    secretVersions,
    image: imageRef === undefined ? undefined : { reference: imageRef, present: imagePresent },
  };
}

function toolFindings(input: PreflightInput, buildsImage: boolean): Finding[] {
  const tools = findTools(input.path, input.terraformBinary);
  const findings: Finding[] = [];
  const { terraform } = tools;
  findings.push(
    terraform.path === undefined
      ? {
          check: 'tools',
          severity: 'blocker',
          message: `${terraform.name} is not on PATH (cdktf deploy runs it)`,
          fix: 'install Terraform >= 1.5 (https://developer.hashicorp.com/terraform/install), or OpenTofu with TERRAFORM_BINARY_NAME=tofu',
        }
      : { check: 'tools', severity: 'ok', message: `${terraform.name}: ${terraform.path}` },
  );
  if (tools.gcloud === undefined) {
    findings.push({
      check: 'tools',
      severity: buildsImage ? 'blocker' : 'warning',
      message: `gcloud is not on PATH (${buildsImage ? 'the deploy submits the streamer image build with it' : 'the fixes in this report use it'})`,
      fix: 'install the Google Cloud CLI: https://cloud.google.com/sdk/docs/install',
    });
  } else {
    findings.push({ check: 'tools', severity: 'ok', message: `gcloud: ${tools.gcloud}` });
  }
  return findings;
}

/** Runs `check`; a throw (retries exhausted, network down) becomes a blocker passed to `fallback`. */
async function guard<T>(check: CheckName, run: () => Promise<T>, fallback: (findings: Finding[]) => T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    return fallback([
      {
        check,
        severity: 'blocker',
        message: `could not check: ${firstLine(error)}`,
        fix: 'make preflight again once this machine reaches the API (the request failed after retries: network, proxy or an outage)',
      },
    ]);
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 300);
}
