/**
 * Before anything is applied, every secret a workload will mount must have an
 * ENABLED version, and the version each one mounts is pinned. For each secret a deployed workload
 * reads, this lists its versions' METADATA (Secret Manager v1 `secrets.versions.list`; the payload
 * is never accessed), keeps the enabled ones and takes the highest number. The result is the
 * versions map synth mounts (DEPLOY_SECRET_VERSIONS): a number per secret, never `latest`.
 * A required secret without one blocks the deploy, named with the command that adds it; an optional
 * one is mounted only when it has one, otherwise the report says what the workload does without it.
 */
import type { DeployConfig } from '../config';
import { addVersionCommand, mountSecrets, secretIdFor, type SecretVersions } from '../secret-names';
import type { GoogleEndpoints } from './endpoints';
import type { Finding } from './findings';
import { describeError, enableApiFix, googleErrorOf, type GoogleError, type GoogleGet } from './google-rest';
import { secretsToResolve, workloadSecrets } from '../workload-secrets';

/** What Secret Manager says about one secret. */
export type SecretLookup =
  | { readonly kind: 'enabled'; readonly version: string }
  | { readonly kind: 'absent'; readonly why: string }
  | { readonly kind: 'unreadable'; readonly error: GoogleError };

/** Pages followed per secret at most (100 versions a page): a runaway nextPageToken cannot loop. */
const MAX_PAGES = 50;

/** The newest ENABLED version of secret `env` in `projectId`, or why there is none. */
export async function lookupSecret(
  get: GoogleGet,
  endpoints: GoogleEndpoints,
  projectId: string,
  env: string,
): Promise<SecretLookup> {
  const id = secretIdFor(env);
  const base = `${endpoints.secretManager}/v1/projects/${encodeURIComponent(projectId)}/secrets/${encodeURIComponent(id)}/versions?pageSize=100`;
  let newest: number | undefined;
  let seen = 0;
  let newestAny: { number: number; state: string } | undefined;
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await get(pageToken === undefined ? base : `${base}&pageToken=${encodeURIComponent(pageToken)}`);
    if (answer.status === 404) return { kind: 'absent', why: `secret ${id} does not exist` };
    if (answer.status !== 200) return { kind: 'unreadable', error: googleErrorOf(answer) };
    const body = (answer.body ?? {}) as { versions?: { name?: unknown; state?: unknown }[]; nextPageToken?: unknown };
    for (const version of body.versions ?? []) {
      const number = Number(
        String(version.name ?? '')
          .split('/')
          .pop(),
      );
      if (!Number.isSafeInteger(number) || number < 1) continue;
      seen += 1;
      const state = String(version.state ?? 'STATE_UNSPECIFIED');
      if (newestAny === undefined || number > newestAny.number) newestAny = { number, state };
      if (state === 'ENABLED' && (newest === undefined || number > newest)) newest = number;
    }
    pageToken = typeof body.nextPageToken === 'string' && body.nextPageToken !== '' ? body.nextPageToken : undefined;
    if (pageToken === undefined) break;
  }
  if (newest !== undefined) return { kind: 'enabled', version: String(newest) };
  if (seen === 0 || newestAny === undefined) return { kind: 'absent', why: `secret ${id} has no version` };
  return {
    kind: 'absent',
    why: `secret ${id} has no ENABLED version (the newest, ${newestAny.number}, is ${newestAny.state})`,
  };
}

/** Keyless fallbacks of pipelines whose keys are optional, for the report. */
const FALLBACK: Readonly<Record<string, string>> = Object.freeze({ news: 'news falls back to Yahoo RSS' });

/** The versions to pin and what to tell the operator. */
export interface SecretCheck {
  readonly versions: SecretVersions;
  readonly findings: Finding[];
}

/**
 * Resolves every secret the deployed workloads read (in parallel, one list per secret) and reports:
 * a blocker per required secret with no enabled version (fix: addVersionCommand), an info line per
 * optional one left unmounted, an ok line per pinned version. Never reads a payload.
 */
export async function checkSecrets(
  get: GoogleGet,
  endpoints: GoogleEndpoints,
  config: DeployConfig,
): Promise<SecretCheck> {
  const sets = workloadSecrets(config);
  const names = secretsToResolve(sets);
  const lookups = new Map(
    await Promise.all(
      names.map(async (env) => [env, await lookupSecret(get, endpoints, config.projectId, env)] as const),
    ),
  );
  const versions: Record<string, string> = {};
  for (const [env, lookup] of lookups) if (lookup.kind === 'enabled') versions[env] = lookup.version;

  // mountSecrets is what the stacks run at synth: the preflight's "missing" is synth's by construction.
  const requiredBy = new Map<string, string[]>();
  const optionalFor = new Map<string, string[]>();
  for (const set of sets) {
    for (const env of mountSecrets(set.secrets, versions).missing)
      requiredBy.set(env, [...(requiredBy.get(env) ?? []), set.workload]);
    for (const env of set.secrets.optional) optionalFor.set(env, [...(optionalFor.get(env) ?? []), set.workload]);
  }
  const findings: Finding[] = [];
  const disabledApi = [...lookups.values()].find(
    (l): l is Extract<SecretLookup, { kind: 'unreadable' }> =>
      l.kind === 'unreadable' && enableApiFix(l.error) !== undefined,
  );
  if (disabledApi !== undefined) {
    findings.push({
      check: 'secrets',
      severity: 'blocker',
      message: `cannot read secrets: ${describeError(disabledApi.error)}`,
      fix: enableApiFix(disabledApi.error),
    });
  }
  for (const env of names) {
    const lookup = lookups.get(env)!;
    const id = secretIdFor(env);
    const why =
      lookup.kind === 'absent'
        ? lookup.why
        : lookup.kind === 'unreadable'
          ? `secret ${id} cannot be read (${describeError(lookup.error)})`
          : '';
    const required = requiredBy.get(env);
    const optional = optionalFor.get(env) ?? [];
    if (lookup.kind === 'enabled') {
      findings.push({ check: 'secrets', severity: 'ok', message: `${env}: ${id} version ${lookup.version} pinned` });
    } else if (required !== undefined) {
      const alsoOptional = optional.filter((workload) => !required.includes(workload));
      findings.push({
        check: 'secrets',
        severity: 'blocker',
        message: `${env}: ${why}; required by ${required.join(', ')}${alsoOptional.length > 0 ? ` (optional for ${alsoOptional.join(', ')})` : ''}`,
        fix:
          lookup.kind === 'unreadable' && enableApiFix(lookup.error) === undefined
            ? `ask for roles/secretmanager.viewer on ${config.projectId} (version metadata only), then make preflight again`
            : addVersionCommand(env, config.projectId),
      });
    } else {
      const effects = optional.map((workload) => FALLBACK[workload] ?? `${workload} runs without it`).join('; ');
      // Unreadable for another reason than a disabled API (a missing grant): worth a look, not a stop.
      const unreadable = lookup.kind === 'unreadable' && enableApiFix(lookup.error) === undefined;
      findings.push({
        check: 'secrets',
        severity: unreadable ? 'warning' : 'info',
        message: `${env}: ${why}; optional, not mounted; ${effects}`,
      });
    }
  }
  return { versions: Object.freeze(versions), findings };
}
