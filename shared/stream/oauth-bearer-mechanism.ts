import { KafkaJSSASLAuthenticationError, type Mechanism } from 'kafkajs';
import type { OAuthBearerProvider } from './refreshing-token';

const SOH = '\u0001';

// kafkajs's types declare no constructor arguments; at run time it takes the message (src/errors.js).
const RefusedLogin = KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;

/** A SASL message as kafkajs's mechanisms hand it over: a 4-byte big-endian length, then the bytes. */
function framed(message: string): { encode: () => Promise<Buffer> } {
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length);
  return { encode: async () => Buffer.concat([length, body]) };
}

/** Reads the broker's SASL answer (length-prefixed, as kafkajs passes it) as text; '' when empty. */
const challengeText = {
  decode: async (bytes: Buffer) => bytes,
  parse: async (bytes: Buffer) => {
    const length = bytes.length >= 4 ? bytes.readInt32BE(0) : 0;
    return length > 0 ? bytes.subarray(4, 4 + length).toString('utf8') : '';
  },
};

/**
 * SASL/OAUTHBEARER for kafkajs, in place of its built-in one, which takes any answer from the
 * broker for success. On a refused token the broker answers with an error challenge
 * (`{"status":"invalid_token"}`, RFC 7628 section 3.2.2) and waits for the client's `%x01`; the
 * built-in one instead sends its next request, the broker drops the connection, and kafkajs
 * retries the "connection error" for its whole retry budget (about 2 minutes here) before failing
 * with "No brokers in the broker pool". This one answers the challenge as the RFC says and throws
 * KafkaJSSASLAuthenticationError (not retriable: kafkajs gives up at once) carrying the broker's
 * status. The token comes from `provider` on every authentication and is never logged.
 */
export function oauthBearerMechanism(provider: OAuthBearerProvider): Mechanism {
  return {
    mechanism: 'oauthbearer',
    authenticationProvider: ({ host, port, saslAuthenticate }) => ({
      async authenticate() {
        const { value } = await provider();
        // RFC 7628 client initial response, no authorization identity and no extensions (as kafkajs sends it).
        const challenge = await saslAuthenticate({
          request: framed(`n,,${SOH}auth=Bearer ${value}${SOH}${SOH}`),
          response: challengeText,
        });
        if (!challenge) return;
        let verdict = '';
        try {
          await saslAuthenticate({ request: framed(SOH) });
        } catch (error) {
          // Kafka repeats the challenge as the final error message; say it once.
          if ((error as Error).message !== challenge) verdict = `; ${(error as Error).message}`;
        }
        throw new RefusedLogin(
          `SASL OAUTHBEARER authentication failed at ${host}:${port}: the broker answered ${challenge}${verdict}`,
        );
      },
    }),
  };
}
