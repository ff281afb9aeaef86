import { googleKafkaToken, unsecuredKafkaToken } from './bearer-token';

/** Decodes one JWS part the way a broker would: base64url, no padding. */
function part(value: string, index: number): string {
  const parts = value.split('.');
  return Buffer.from(parts[index]!, 'base64url').toString('utf8');
}

// An access token whose plain base64 would hold '+', '/' and '=' (url-safety is checked below).
const ACCESS_TOKEN = 'ya29.a0Ad52N3~>>>??>?_fake-token';
const NOW = Date.UTC(2026, 11, 7, 12, 0, 0, 250);
const EXPIRES = Date.UTC(2026, 11, 7, 12, 59, 59, 900);
const PRINCIPAL = 'streamer@acme-mdp-prod.iam.gserviceaccount.com';

describe('googleKafkaToken (Managed Kafka OAUTHBEARER)', () => {
  const token = googleKafkaToken(ACCESS_TOKEN, EXPIRES, PRINCIPAL, NOW);

  it('has three base64url parts, unpadded and URL-safe', () => {
    expect(token.value.split('.')).toHaveLength(3);
    expect(token.value).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    // The same token in plain base64 would not be URL-safe: the check above can fail.
    expect(Buffer.from(ACCESS_TOKEN).toString('base64')).toMatch(/[+/=]/);
  });

  it('has exactly the header Google specifies', () => {
    expect(part(token.value, 0)).toBe('{"typ":"JWT","alg":"GOOG_OAUTH2_TOKEN"}');
  });

  it('has exactly the claims exp, iat, iss=Google and sub', () => {
    const payload = JSON.parse(part(token.value, 1)) as Record<string, unknown>;
    expect(payload).toStrictEqual({
      exp: Math.floor(EXPIRES / 1000),
      iat: Math.floor(NOW / 1000),
      iss: 'Google',
      sub: PRINCIPAL,
    });
    expect(Number.isInteger(payload.exp) && Number.isInteger(payload.iat)).toBe(true);
  });

  it('carries the access token itself as the third part', () => {
    expect(part(token.value, 2)).toBe(ACCESS_TOKEN);
  });

  it('expires when the access token does: exp is its expiry in seconds, iat is now', () => {
    expect(token.expiresAtMs).toBe(EXPIRES);
    expect(token.lifetimeMs).toBe(EXPIRES - NOW);
    expect(token.principal).toBe(PRINCIPAL);
    const later = googleKafkaToken(ACCESS_TOKEN, EXPIRES, PRINCIPAL, NOW + 600_000);
    expect(JSON.parse(part(later.value, 1))).toMatchObject({
      exp: Math.floor(EXPIRES / 1000),
      iat: Math.floor(NOW / 1000) + 600,
    });
    expect(later.lifetimeMs).toBe(EXPIRES - NOW - 600_000);
  });

  it('is pure: the same inputs give the same token', () => {
    expect(googleKafkaToken(ACCESS_TOKEN, EXPIRES, PRINCIPAL, NOW)).toEqual(token);
  });
});

describe('unsecuredKafkaToken (the dev broker only)', () => {
  const token = unsecuredKafkaToken('market-data-dev', NOW, 3_600_000);

  it('is an unsecured JWS: alg none and an empty signature', () => {
    expect(token.value.endsWith('.')).toBe(true);
    expect(token.value.split('.')).toHaveLength(3);
    expect(part(token.value, 0)).toBe('{"alg":"none"}');
  });

  it('names the principal and lives lifetimeMs, in whole seconds', () => {
    const iat = Math.floor(NOW / 1000);
    expect(JSON.parse(part(token.value, 1))).toStrictEqual({
      sub: 'market-data-dev',
      iat,
      exp: Math.floor((NOW + 3_600_000) / 1000),
    });
    expect(token.expiresAtMs).toBe(Math.floor((NOW + 3_600_000) / 1000) * 1000);
    expect(token.lifetimeMs).toBe(token.expiresAtMs - NOW);
  });
});
