/**
 * Who the deploy is, as request headers: a bearer token and, for user credentials that name one, the
 * quota project (`x-goog-user-project`; some APIs refuse end-user calls without it). The token
 * comes from GOOGLE_OAUTH_ACCESS_TOKEN when set (as the Terraform provider reads it), otherwise
 * from Application Default Credentials through google-auth-library, which refreshes it as needed.
 * Headers are fetched per request and never logged.
 */
import { GoogleAuth, type GoogleAuthOptions } from 'google-auth-library';

/** Produces the auth headers of one request. Rejects when no token can be minted. */
export type AuthHeaders = () => Promise<Readonly<Record<string, string>>>;

/** The scope the deploy's calls need (and the Terraform provider uses). */
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/**
 * A GoogleAuth for the deploy: the cloud-platform scope, Application Default Credentials unless
 * `credentials` are given (with `oauth2TokenUrl`, where a user credential is refreshed). Token
 * requests use Node's own fetch, as the deploy's API calls do (gaxios would otherwise load
 * node-fetch through a dynamic import()).
 */
export function deployAuth(
  options: { credentials?: GoogleAuthOptions['credentials']; oauth2TokenUrl?: string } = {},
): GoogleAuth {
  return new GoogleAuth({
    scopes: [CLOUD_PLATFORM_SCOPE],
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    clientOptions: {
      transporterOptions: { fetchImplementation: globalThis.fetch },
      ...(options.oauth2TokenUrl === undefined ? {} : { endpoints: { oauth2TokenUrl: options.oauth2TokenUrl } }),
    },
  });
}

/** Headers for a token the caller already holds. */
export function staticTokenHeaders(accessToken: string): AuthHeaders {
  const headers = Object.freeze({ authorization: `Bearer ${accessToken}` });
  return () => Promise.resolve(headers);
}

/**
 * Headers from `auth` (ADC or explicit credentials): `authorization` and, when the credential names
 * a quota project, `x-goog-user-project`. Rejects with google-auth-library's error when the
 * credentials are absent, revoked or cannot be refreshed.
 */
export function googleAuthHeaders(auth: GoogleAuth): AuthHeaders {
  return async () => {
    const headers = await auth.getRequestHeaders();
    const out: Record<string, string> = {};
    headers.forEach((value, name) => {
      out[name.toLowerCase()] = value;
    });
    if (out.authorization === undefined) throw new Error('the credentials produced no Authorization header');
    return out;
  };
}
