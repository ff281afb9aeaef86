/** A SASL/OAUTHBEARER token as the client sends it, with when the broker stops accepting it. */
export interface BearerToken {
  /** The token exactly as it goes on the wire. A credential: never log it. */
  readonly value: string;
  /** Epoch milliseconds after which the broker refuses the token. */
  readonly expiresAtMs: number;
  /** `expiresAtMs` minus the time it was built, in milliseconds (0 or less when already expired). */
  readonly lifetimeMs: number;
  /** Who the token names (its `sub` claim): safe to log. */
  readonly principal: string;
}

/** base64url without padding (RFC 7515 section 2), as JWS compact serialization writes each part. */
export function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/**
 * Google Managed Kafka's OAUTHBEARER token: JWT-shaped, but not signed; the broker checks the
 * Google access token in its third part instead. Pure.
 *
 * `base64url({"typ":"JWT","alg":"GOOG_OAUTH2_TOKEN"}) . base64url({exp, iat, iss:"Google", sub}) .
 * base64url(accessToken)`, with `exp` the access token's expiry and `iat` now, both in whole
 * seconds since the epoch. The third part is base64url-encoded as Google's reference clients do
 * (googleapis/managedkafka: kafka-auth-local-server and GcpLoginCallbackHandler both encode it).
 *
 * @param accessToken a Google OAuth2 access token (ya29....) for `principal`
 * @param expiresAtMs when that access token expires, epoch milliseconds
 * @param principal the service account email the token stands for
 * @param nowMs the current time, epoch milliseconds
 */
export function googleKafkaToken(
  accessToken: string,
  expiresAtMs: number,
  principal: string,
  nowMs: number,
): BearerToken {
  const header = JSON.stringify({ typ: 'JWT', alg: 'GOOG_OAUTH2_TOKEN' });
  const payload = JSON.stringify({
    exp: Math.floor(expiresAtMs / 1000),
    iat: Math.floor(nowMs / 1000),
    iss: 'Google',
    sub: principal,
  });
  return {
    value: `${base64url(header)}.${base64url(payload)}.${base64url(accessToken)}`,
    expiresAtMs,
    lifetimeMs: expiresAtMs - nowMs,
    principal,
  };
}

/**
 * An unsecured JWS (`alg: none`, empty signature: `header.payload.`) naming `principal`, as
 * Kafka's own OAuthBearerUnsecuredValidatorCallbackHandler accepts it. Anyone can write one for any
 * name: for the local test broker only. Pure.
 *
 * @param principal the `sub` claim, which the broker takes as the client's principal
 * @param nowMs the current time, epoch milliseconds (`iat`)
 * @param lifetimeMs how long the token is valid from `nowMs` (`exp`, rounded down to a second)
 */
export function unsecuredKafkaToken(principal: string, nowMs: number, lifetimeMs: number): BearerToken {
  const iat = Math.floor(nowMs / 1000);
  const exp = Math.floor((nowMs + lifetimeMs) / 1000);
  const header = JSON.stringify({ alg: 'none' });
  const payload = JSON.stringify({ sub: principal, iat, exp });
  return {
    value: `${base64url(header)}.${base64url(payload)}.`,
    expiresAtMs: exp * 1000,
    lifetimeMs: exp * 1000 - nowMs,
    principal,
  };
}
