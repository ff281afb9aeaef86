/**
 * Whether the streamer image of this build context is already in Artifact Registry (v1
 * `repositories.packages.tags.get`): its tag is the content digest, so a present tag means the same
 * bytes were built before and the deploy skips Cloud Build. On a fresh project the API is off and
 * the repository missing: both read as "not there yet".
 */
import { IMAGE_NAME, IMAGE_REPOSITORY, imageReference } from '../../streamer-image';
import type { GoogleEndpoints } from '../endpoints';
import type { Finding } from '../findings';
import { describeError, enableApiFix, googleErrorOf, type GoogleGet } from '../google-rest';

/** The image the worker pool will run, and whether it must be built. */
export interface ImageCheck {
  readonly reference: string;
  readonly present: boolean;
  readonly findings: Finding[];
}

/** Looks tag `tag` of the streamer image up in the deployment's repository. */
export async function checkImage(
  get: GoogleGet,
  endpoints: GoogleEndpoints,
  options: { projectId: string; region: string; tag: string },
): Promise<ImageCheck> {
  const { projectId, region, tag } = options;
  const reference = imageReference(region, projectId, tag);
  const url = `${endpoints.artifactRegistry}/v1/projects/${encodeURIComponent(projectId)}/locations/${encodeURIComponent(region)}/repositories/${IMAGE_REPOSITORY}/packages/${IMAGE_NAME}/tags/${encodeURIComponent(tag)}`;
  const answer = await get(url);
  if (answer.status === 200)
    return {
      reference,
      present: true,
      findings: [{ check: 'image', severity: 'ok', message: `${reference} is in Artifact Registry: no build needed` }],
    };
  const build = (why: string, severity: 'info' | 'warning' = 'info'): ImageCheck => ({
    reference,
    present: false,
    findings: [
      { check: 'image', severity, message: `${reference} ${why}: the deploy builds and pushes it with Cloud Build` },
    ],
  });
  if (answer.status === 404) return build('is not in Artifact Registry yet');
  const error = googleErrorOf(answer);
  if (enableApiFix(error) !== undefined)
    return build('cannot be there yet (the Artifact Registry API is off until the platform apply)');
  return build(`could not be looked up (${describeError(error)})`, 'warning');
}
