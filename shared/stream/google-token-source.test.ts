import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AuthenticationProviderArgs } from 'kafkajs';
import { StorageError } from '../errors';
import { KafkaSecurityError } from './kafka-errors';
import { kafkaJsSecurity } from './kafka-security';
import { adcTokenSource } from './google-token-source';

/**
 * google-auth-library's real external-account client (workload identity federation, then service
 * account impersonation) against a local STS and IAM Credentials stand-in: the ADC path runs end to
 * end with no traffic leaving the machine and no metadata server.
 */
const SERVICE_ACCOUNT = 'streamer@acme-mdp-prod.iam.gserviceaccount.com';
const EXPIRE_TIME = '2030-01-01T12:00:00Z';

let server: http.Server;
let base: string;
let stsStatus = 200;
const seen: string[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adc-'));
const subjectTokenFile = path.join(dir, 'subject-token');
fs.writeFileSync(subjectTokenFile, 'a-subject-jwt');

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/sts/token') {
        res.statusCode = stsStatus;
        res.end(
          JSON.stringify(
            stsStatus === 200
              ? {
                  access_token: 'federated-token',
                  issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
                  token_type: 'Bearer',
                  expires_in: 3600,
                }
              : { error: 'invalid_grant', error_description: 'nope' },
          ),
        );
      } else if (req.url === `/iam/v1/projects/-/serviceAccounts/${SERVICE_ACCOUNT}:generateAccessToken`) {
        res.end(JSON.stringify({ accessToken: 'ya29.impersonated-access-token', expireTime: EXPIRE_TIME }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  stsStatus = 200;
  seen.length = 0;
});

function credentials(): Record<string, unknown> {
  return {
    type: 'external_account',
    audience: '//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/pool/providers/local',
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    token_url: `${base}/sts/token`,
    service_account_impersonation_url: `${base}/iam/v1/projects/-/serviceAccounts/${SERVICE_ACCOUNT}:generateAccessToken`,
    credential_source: { file: subjectTokenFile },
  };
}

describe('adcTokenSource', () => {
  it('gets the access token and its expiry through google-auth-library', async () => {
    const source = adcTokenSource({ credentials: credentials() });
    expect(await source.accessToken()).toEqual({
      token: 'ya29.impersonated-access-token',
      expiresAtMs: Date.parse(EXPIRE_TIME),
    });
    expect(seen).toEqual([
      'POST /sts/token',
      `POST /iam/v1/projects/-/serviceAccounts/${SERVICE_ACCOUNT}:generateAccessToken`,
    ]);
  });

  it('takes the principal from the credentials, unless KAFKA_SASL_GOOGLE_PRINCIPAL gives one', async () => {
    expect(await adcTokenSource({ credentials: credentials() }).principal()).toBe(SERVICE_ACCOUNT);
    expect(
      await adcTokenSource({ credentials: credentials(), principal: 'other@p.iam.gserviceaccount.com' }).principal(),
    ).toBe('other@p.iam.gserviceaccount.com');
  });

  it('asks for KAFKA_SASL_GOOGLE_PRINCIPAL when the credentials name no service account', async () => {
    const { service_account_impersonation_url: _dropped, ...federatedOnly } = credentials();
    const error = await adcTokenSource({ credentials: federatedOnly })
      .principal()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KafkaSecurityError);
    expect((error as KafkaSecurityError).settings).toEqual(['KAFKA_SASL_GOOGLE_PRINCIPAL']);
  });

  it('makes credentials Google refuses a KafkaSecurityError, and an unavailable endpoint a retriable error', async () => {
    stsStatus = 400;
    const refused = await adcTokenSource({ credentials: credentials() })
      .accessToken()
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(KafkaSecurityError);
    expect((refused as Error).message).toContain('HTTP 400');
    stsStatus = 503;
    const unavailable = await adcTokenSource({ credentials: credentials() })
      .accessToken()
      .catch((e: unknown) => e);
    expect(unavailable).toBeInstanceOf(StorageError);
    expect(unavailable).not.toBeInstanceOf(KafkaSecurityError);
    expect((unavailable as StorageError).retriable).toBe(true);
  });

  it("puts the ADC token into the OAUTHBEARER message kafkajs sends: Google's header, the principal, the expiry", async () => {
    const { sasl } = kafkaJsSecurity({
      protocol: 'SASL_SSL',
      sasl: { mechanism: 'oauthbearer-google', tokenSource: adcTokenSource({ credentials: credentials() }) },
    });
    const sent: Buffer[] = [];
    const args = {
      host: 'kafka.example',
      port: 9092,
      logger: {} as never,
      saslAuthenticate: async ({
        request,
        response,
      }: {
        request: { encode: () => Promise<Buffer> };
        response?: { decode: (b: Buffer) => Promise<unknown>; parse: (d: unknown) => Promise<unknown> };
      }) => {
        sent.push(await request.encode());
        // The broker's success: an empty answer.
        return response?.parse(await response.decode(Buffer.from([0, 0, 0, 0])));
      },
    } as unknown as AuthenticationProviderArgs;
    await (sasl as { authenticationProvider: (a: AuthenticationProviderArgs) => { authenticate(): Promise<void> } })
      .authenticationProvider(args)
      .authenticate();

    expect(sent).toHaveLength(1);
    const message = sent[0]!.subarray(4).toString('utf8');
    expect(sent[0]!.readInt32BE(0)).toBe(sent[0]!.length - 4);
    // eslint-disable-next-line no-control-regex -- RFC 7628's framing uses the \x01 separator
    const token = /^n,,\u0001auth=Bearer ([^\u0001]+)\u0001\u0001$/.exec(message)?.[1];
    const [header, payload, access] = token!.split('.').map((part) => Buffer.from(part, 'base64url').toString('utf8'));
    expect(header).toBe('{"typ":"JWT","alg":"GOOG_OAUTH2_TOKEN"}');
    expect(JSON.parse(payload!)).toMatchObject({
      exp: Date.parse(EXPIRE_TIME) / 1000,
      iss: 'Google',
      sub: SERVICE_ACCOUNT,
    });
    expect(access).toBe('ya29.impersonated-access-token');
  });
});
