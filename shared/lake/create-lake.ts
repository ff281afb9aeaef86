import { ConfigError } from '../errors';
import type { Logger } from '../log/types';
import { createGcsLake } from './gcs';
import { createLocalDirLake } from './local-dir';
import type { Lake } from './types';

/**
 * The lake slice of the configuration. Declared here structurally (lake may not import config's
 * functions, and needs none of its types) and kept compatible with shared/config's `LakeConfig`.
 */
export interface LakeSettings {
  readonly backend: 'local' | 'gcs';
  /** Root directory of the local lake. */
  readonly dir: string;
  readonly bucket?: string | undefined;
  readonly projectId?: string | undefined;
  /** Storage API base URL (fake-gcs-server locally); unset means Google's endpoint. */
  readonly apiEndpoint?: string | undefined;
}

/**
 * The Lake the settings ask for: a local directory at `dir`, or the bucket `bucket` in `projectId`.
 * Throws ConfigError (terminal) when the gcs backend lacks its bucket or project; does no I/O.
 */
export function createLake(settings: LakeSettings, deps: { log?: Logger } = {}): Lake {
  const log = deps.log?.child({ component: 'lake', backend: settings.backend });
  if (settings.backend === 'local') return createLocalDirLake({ root: settings.dir, ...(log ? { log } : {}) });
  const issues = [
    ...(settings.bucket ? [] : ['LAKE_BUCKET: required when LAKE_BACKEND=gcs']),
    ...(settings.projectId ? [] : ['GOOGLE_CLOUD_PROJECT: required when LAKE_BACKEND=gcs']),
  ];
  if (issues.length > 0 || !settings.bucket || !settings.projectId)
    throw new ConfigError(`lake settings are incomplete: ${issues.join('; ')}`, issues);
  return createGcsLake({
    bucket: settings.bucket,
    projectId: settings.projectId,
    ...(settings.apiEndpoint ? { apiEndpoint: settings.apiEndpoint } : {}),
    ...(log ? { log } : {}),
  });
}
