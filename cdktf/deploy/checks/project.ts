/**
 * The project exists, is active and the deploy's identity can see it (Cloud Resource Manager v3
 * `projects.get`). Its number is what Service Usage names services by.
 */
import type { GoogleEndpoints } from '../endpoints';
import type { Finding } from '../findings';
import { describeError, enableApiFix, googleErrorOf, type GoogleGet } from '../google-rest';

/** The project as the preflight found it. */
export interface ProjectCheck {
  /** false stops the project-scoped checks: their answers would only repeat this one. */
  readonly reachable: boolean;
  /** e.g. `415104041262`, when reachable. */
  readonly projectNumber: string | undefined;
  readonly findings: Finding[];
}

/** Checks `projectId`; never throws for an answer, only when retries are exhausted. */
export async function checkProject(
  get: GoogleGet,
  endpoints: GoogleEndpoints,
  projectId: string,
): Promise<ProjectCheck> {
  const answer = await get(`${endpoints.resourceManager}/v3/projects/${encodeURIComponent(projectId)}`);
  const blocked = (message: string, fix: string): ProjectCheck => ({
    reachable: false,
    projectNumber: undefined,
    findings: [{ check: 'project', severity: 'blocker', message, fix }],
  });
  if (answer.status === 200) {
    const body = (answer.body ?? {}) as { name?: unknown; state?: unknown };
    const projectNumber = typeof body.name === 'string' ? body.name.replace(/^projects\//, '') : undefined;
    if (body.state !== 'ACTIVE') {
      return blocked(
        `project ${projectId} is ${String(body.state ?? 'in an unknown state')}, not ACTIVE`,
        `gcloud projects undelete ${projectId} (within 30 days of its deletion), or set "project" in the deploy config to an active project`,
      );
    }
    return {
      reachable: true,
      projectNumber,
      findings: [
        {
          check: 'project',
          severity: 'ok',
          message: `project ${projectId} (number ${projectNumber ?? '?'}) is active`,
        },
      ],
    };
  }
  const error = googleErrorOf(answer);
  if (answer.status === 401) {
    return blocked(
      `Google refused the credentials (${describeError(error)})`,
      'gcloud auth application-default login (or set GOOGLE_OAUTH_ACCESS_TOKEN to a fresh `gcloud auth print-access-token`)',
    );
  }
  const enable = enableApiFix(error);
  if (enable !== undefined) return blocked(`cannot look the project up: ${describeError(error)}`, enable);
  // Google answers 403 for a project that does not exist as for one the caller may not see.
  return blocked(
    `project ${projectId} does not exist or this account cannot see it (${describeError(error)})`,
    `gcloud projects create ${projectId}, or set "project" in the deploy config to a project where you hold roles/owner`,
  );
}
