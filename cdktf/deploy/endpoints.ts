/**
 * The Google REST APIs the deploy reads before it applies anything, by base URL. One object, so a
 * test (or an air-gapped rehearsal) points every one of them at a local stand-in at once. The
 * preflight only reads metadata: project, billing, services, the state bucket, secret VERSION
 * metadata (never a payload) and one image tag.
 */
import { z } from 'zod';

/** Base URL (scheme, host, optional port; no trailing slash) of each API the preflight calls. */
export interface GoogleEndpoints {
  /** Cloud Resource Manager v3: projects.get. */
  readonly resourceManager: string;
  /** Cloud Billing v1: projects.getBillingInfo. */
  readonly billing: string;
  /** Service Usage v1: services.batchGet. */
  readonly serviceUsage: string;
  /** Cloud Storage JSON API v1: buckets.get. */
  readonly storage: string;
  /** Secret Manager v1: secrets.versions.list. */
  readonly secretManager: string;
  /** Artifact Registry v1: repositories.packages.tags.get. */
  readonly artifactRegistry: string;
}

/** Google's public endpoints. */
export const GOOGLE_ENDPOINTS: GoogleEndpoints = Object.freeze({
  resourceManager: 'https://cloudresourcemanager.googleapis.com',
  billing: 'https://cloudbilling.googleapis.com',
  serviceUsage: 'https://serviceusage.googleapis.com',
  storage: 'https://storage.googleapis.com',
  secretManager: 'https://secretmanager.googleapis.com',
  artifactRegistry: 'https://artifactregistry.googleapis.com',
});

const baseUrl = z
  .string()
  .url()
  .refine((url) => /^https?:\/\//.test(url), 'must be an http(s) URL')
  .transform((url) => url.replace(/\/+$/, ''));
const overrides = z.strictObject({
  resourceManager: baseUrl.optional(),
  billing: baseUrl.optional(),
  serviceUsage: baseUrl.optional(),
  storage: baseUrl.optional(),
  secretManager: baseUrl.optional(),
  artifactRegistry: baseUrl.optional(),
});

/**
 * GOOGLE_ENDPOINTS with `json`'s overrides over them: a JSON object naming some of the keys of
 * GoogleEndpoints (`{"storage":"http://127.0.0.1:4443"}`); undefined or empty keeps Google's.
 * Throws an Error naming each bad key (unknown key, not a URL, not JSON).
 */
export function endpointsFrom(json: string | undefined): GoogleEndpoints {
  if (json === undefined || json.trim() === '') return GOOGLE_ENDPOINTS;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new Error(`DEPLOY_API_ENDPOINTS: not JSON (${(error as Error).message})`);
  }
  const parsed = overrides.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `DEPLOY_API_ENDPOINTS: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`).join('; ')}`,
    );
  }
  const defined = Object.fromEntries(Object.entries(parsed.data).filter(([, url]) => url !== undefined));
  return Object.freeze({ ...GOOGLE_ENDPOINTS, ...defined });
}
