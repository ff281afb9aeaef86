import type { BearerToken } from './bearer-token';

/** Makes a new token (Google's from a fresh access token, or the dev broker's unsecured one). */
export type MintToken = () => Promise<BearerToken>;

/** Options of {@link refreshingTokenProvider}. */
export interface RefreshingTokenOptions {
  /**
   * A token this close to its expiry is replaced before it is handed out, so a connection never
   * authenticates with a token that dies during the handshake. Default 5 minutes (google-auth-
   * library refreshes its access tokens 5 minutes early too, so a re-mint gets a new one).
   */
  refreshMarginMs?: number;
  /** The clock, epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** kafkajs's `oauthBearerProvider`: called on every authentication of every broker connection. */
export type OAuthBearerProvider = () => Promise<{ value: string }>;

const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * The `oauthBearerProvider` for kafkajs, which leaves reuse and refresh to us
 * (kafkajs/src/broker/saslAuthenticator/oauthBearer.js). Reuses the last token while it has more
 * than `refreshMarginMs` to live, otherwise mints a new one; callers arriving during a mint share
 * it. A failed mint is not remembered: the next call mints again, and the failure reaches the
 * connection that asked (kafkajs retries it when the error says `retriable`).
 */
export function refreshingTokenProvider(mint: MintToken, options: RefreshingTokenOptions = {}): OAuthBearerProvider {
  const margin = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  const now = options.now ?? Date.now;
  let current: BearerToken | undefined;
  let minting: Promise<BearerToken> | undefined;

  const fresh = (): Promise<BearerToken> => {
    if (current && now() < current.expiresAtMs - margin) return Promise.resolve(current);
    minting ??= mint()
      .then((token) => (current = token))
      .finally(() => (minting = undefined));
    return minting;
  };
  return async () => ({ value: (await fresh()).value });
}
