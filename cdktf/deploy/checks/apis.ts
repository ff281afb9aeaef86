/**
 * The APIs Terraform itself needs before it can enable the others (Service Usage and Cloud Resource
 * Manager) are on; the rest of REQUIRED_APIS are reported only, since the platform stack enables
 * them (cdktf/constructs/api-gate.ts). Service Usage v1 `services:batchGet`, 30 names a call.
 */
import { REQUIRED_APIS } from '../../constructs/api-gate';
import type { GoogleEndpoints } from '../endpoints';
import type { Finding } from '../findings';
import { describeError, enableApiFix, googleErrorOf, type GoogleGet } from '../google-rest';

/** Enabled by hand before the first apply: the google provider calls them to enable the rest. */
export const BOOTSTRAP_APIS: readonly string[] = Object.freeze([
  'serviceusage.googleapis.com',
  'cloudresourcemanager.googleapis.com',
]);

/** Service Usage's documented limit of names per batchGet. */
const BATCH = 30;

/** Checks every API of the deployment in `project` (its number, or its id when unknown). */
export async function checkApis(
  get: GoogleGet,
  endpoints: GoogleEndpoints,
  projectId: string,
  project: string,
): Promise<Finding[]> {
  const apis = [...new Set([...BOOTSTRAP_APIS, ...REQUIRED_APIS])];
  const bootstrapFix = (names: readonly string[]) => `gcloud services enable ${names.join(' ')} --project=${projectId}`;
  const enabled = new Set<string>();
  for (let i = 0; i < apis.length; i += BATCH) {
    const names = apis
      .slice(i, i + BATCH)
      .map((api) => `names=${encodeURIComponent(`projects/${project}/services/${api}`)}`);
    const answer = await get(
      `${endpoints.serviceUsage}/v1/projects/${encodeURIComponent(project)}/services:batchGet?${names.join('&')}`,
    );
    if (answer.status !== 200) {
      const error = googleErrorOf(answer);
      return [
        {
          check: 'apis',
          severity: 'blocker',
          message: `cannot read the enabled APIs: ${describeError(error)}`,
          fix: enableApiFix(error) ?? bootstrapFix(BOOTSTRAP_APIS),
        },
      ];
    }
    for (const service of ((answer.body ?? {}) as { services?: { name?: unknown; state?: unknown }[] }).services ??
      []) {
      if (service.state === 'ENABLED' && typeof service.name === 'string') enabled.add(service.name.split('/').pop()!);
    }
  }
  const offBootstrap = BOOTSTRAP_APIS.filter((api) => !enabled.has(api));
  const offOthers = apis.filter((api) => !BOOTSTRAP_APIS.includes(api) && !enabled.has(api));
  const findings: Finding[] = [];
  if (offBootstrap.length > 0) {
    findings.push({
      check: 'apis',
      severity: 'blocker',
      message: `Terraform needs ${offBootstrap.join(' and ')} enabled before its first call`,
      fix: bootstrapFix(offBootstrap),
    });
  } else {
    findings.push({ check: 'apis', severity: 'ok', message: `${BOOTSTRAP_APIS.join(' and ')} are enabled` });
  }
  if (offOthers.length > 0)
    findings.push({
      check: 'apis',
      severity: 'info',
      message: `enabled by the apply (platform stack): ${offOthers.join(', ')}`,
    });
  return findings;
}
