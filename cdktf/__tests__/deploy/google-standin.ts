/**
 * A local stand-in for the Google REST endpoints the deploy's preflight reads, on 127.0.0.1: a real
 * HTTP server answering in the documented JSON shapes (field names, proto3 JSON omitting false
 * booleans, Google's AIP-193 error body with ErrorInfo SERVICE_DISABLED, the Storage JSON API's own
 * error shape, Secret Manager's paged version list) from a project state the test writes. Each API
 * sits under its own path prefix, so a test proves every base URL override is used. It also serves
 * the OAuth2 token endpoint for an `authorized_user` credential (the refresh-token grant), so
 * google-auth-library's real refresh runs against it. Requests are recorded (method, API, path,
 * Authorization) for assertions.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GoogleEndpoints } from '../../deploy/endpoints';

/** One secret version as the test wants it. */
export interface StandInVersion {
  readonly number: number;
  readonly state: 'ENABLED' | 'DISABLED' | 'DESTROYED';
}

/** The project the stand-in serves. Mutable between requests (a test may change it). */
export interface StandInProject {
  projectId: string;
  projectNumber: string;
  state: 'ACTIVE' | 'DELETE_REQUESTED';
  /** undefined = no billing account linked. */
  billingAccount: string | undefined;
  billingEnabled: boolean;
  /** APIs in state ENABLED; every other service reads DISABLED, and its own API answers SERVICE_DISABLED. */
  enabledApis: Set<string>;
  /** Bucket name -> versioning (undefined = never set, as a new bucket). */
  buckets: Map<string, { versioning: boolean | undefined }>;
  /** Secret id -> its versions (a secret with [] exists but has no version). */
  secrets: Map<string, StandInVersion[]>;
  /** Tags of the `streamer` image in repository `market-data` of region `region`. */
  imageTags: Set<string>;
  region: string;
}

/** A recorded request. */
export interface StandInRequest {
  readonly api: keyof GoogleEndpoints | 'oauth2';
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
}

/** Transient answers to give before the real one, per API: a status, optionally with Retry-After seconds. */
export type Faults = Partial<Record<keyof GoogleEndpoints, { status: number; retryAfterS?: number }[]>>;

/** A running stand-in. */
export interface GoogleStandIn {
  readonly endpoints: GoogleEndpoints;
  /** The OAuth2 token endpoint (for an authorized_user credential's `endpoints.oauth2TokenUrl`). */
  readonly tokenUrl: string;
  /** The refresh token the token endpoint accepts. */
  readonly refreshToken: string;
  readonly requests: StandInRequest[];
  readonly faults: Faults;
  close(): Promise<void>;
}

const PREFIX: Record<keyof GoogleEndpoints, string> = {
  resourceManager: '/crm',
  billing: '/billing',
  serviceUsage: '/serviceusage',
  storage: '/gcs',
  secretManager: '/secretmanager',
  artifactRegistry: '/ar',
};

const API_NAME: Partial<Record<keyof GoogleEndpoints, [string, string]>> = {
  secretManager: ['secretmanager.googleapis.com', 'Secret Manager API'],
  artifactRegistry: ['artifactregistry.googleapis.com', 'Artifact Registry API'],
};

/** A project where everything is in order: every API on, billing on, versioned state bucket. */
export function healthyProject(projectId: string, stateBucket: string, apis: readonly string[]): StandInProject {
  return {
    projectId,
    projectNumber: '415104041262',
    state: 'ACTIVE',
    billingAccount: 'billingAccounts/012345-567890-ABCDEF',
    billingEnabled: true,
    enabledApis: new Set(apis),
    buckets: new Map([[stateBucket, { versioning: true }]]),
    secrets: new Map(),
    imageTags: new Set(),
    region: 'us-central1',
  };
}

/**
 * Starts the stand-in for `project`. API requests must carry `Authorization: Bearer <accessToken>`
 * (else 401); the token endpoint hands out `accessToken` for the refresh token `refreshToken`.
 */
export async function startGoogleStandIn(
  project: StandInProject,
  options: { accessToken: string },
): Promise<GoogleStandIn> {
  const requests: StandInRequest[] = [];
  const faults: Faults = {};
  const refreshToken = 'standin-refresh-token';
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      send(res, 500, { error: { code: 500, message: String(error), status: 'INTERNAL' } }),
    );
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/oauth2/token') {
      requests.push({
        api: 'oauth2',
        method: req.method ?? '',
        path: url.pathname,
        authorization: req.headers.authorization,
      });
      const form = new URLSearchParams(await body(req));
      if (
        req.method === 'POST' &&
        form.get('grant_type') === 'refresh_token' &&
        form.get('refresh_token') === refreshToken
      ) {
        return send(res, 200, {
          access_token: options.accessToken,
          expires_in: 3599,
          scope: 'https://www.googleapis.com/auth/cloud-platform',
          token_type: 'Bearer',
        });
      }
      return send(res, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
    }
    const api = (Object.keys(PREFIX) as (keyof GoogleEndpoints)[]).find((key) =>
      url.pathname.startsWith(`${PREFIX[key]}/`),
    );
    if (api === undefined)
      return send(res, 404, { error: { code: 404, message: `no such API path ${url.pathname}`, status: 'NOT_FOUND' } });
    const path = url.pathname.slice(PREFIX[api].length);
    requests.push({
      api,
      method: req.method ?? '',
      path: `${path}${url.search}`,
      authorization: req.headers.authorization,
    });
    if (req.headers.authorization !== `Bearer ${options.accessToken}`) {
      return send(res, 401, {
        error: {
          code: 401,
          message:
            'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
          status: 'UNAUTHENTICATED',
        },
      });
    }
    const fault = faults[api]?.shift();
    if (fault !== undefined) {
      if (fault.retryAfterS !== undefined) res.setHeader('retry-after', String(fault.retryAfterS));
      return send(res, fault.status, {
        error: {
          code: fault.status,
          message: 'The service is currently unavailable.',
          status: fault.status === 429 ? 'RESOURCE_EXHAUSTED' : 'UNAVAILABLE',
        },
      });
    }
    const disabled = API_NAME[api];
    if (disabled !== undefined && !project.enabledApis.has(disabled[0]))
      return send(res, 403, serviceDisabled(project, disabled[0], disabled[1]));
    if (req.method !== 'GET')
      return send(res, 405, { error: { code: 405, message: 'only GET here', status: 'UNIMPLEMENTED' } });
    const [status, payload] = route(api, path, url.searchParams);
    return send(res, status, payload);
  }

  function route(api: keyof GoogleEndpoints, path: string, query: URLSearchParams): [number, unknown] {
    const denied: [number, unknown] = [
      403,
      { error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' } },
    ];
    const known = (id: string | undefined) => id === project.projectId || id === project.projectNumber;
    let m: RegExpExecArray | null;
    switch (api) {
      case 'resourceManager':
        if ((m = /^\/v3\/projects\/([^/]+)$/.exec(path)) && known(decodeURIComponent(m[1]!))) {
          return [
            200,
            {
              name: `projects/${project.projectNumber}`,
              parent: 'organizations/1234567890',
              projectId: project.projectId,
              state: project.state,
              displayName: project.projectId,
              createTime: '2026-11-30T09:00:00.000Z',
              updateTime: '2026-11-30T09:00:00.000Z',
              etag: 'W/"abc"',
            },
          ];
        }
        return denied;
      case 'billing':
        if ((m = /^\/v1\/projects\/([^/]+)\/billingInfo$/.exec(path)) && known(decodeURIComponent(m[1]!))) {
          // proto3 JSON: false booleans and empty strings are left out.
          return [
            200,
            {
              name: `projects/${project.projectId}/billingInfo`,
              projectId: project.projectId,
              ...(project.billingAccount ? { billingAccountName: project.billingAccount } : {}),
              ...(project.billingEnabled ? { billingEnabled: true } : {}),
            },
          ];
        }
        return denied;
      case 'serviceUsage': {
        if (!((m = /^\/v1\/projects\/([^/]+)\/services:batchGet$/.exec(path)) && known(decodeURIComponent(m[1]!))))
          return denied;
        const names = query.getAll('names');
        if (names.length === 0 || names.length > 30)
          return [
            400,
            {
              error: {
                code: 400,
                message: 'names: between 1 and 30 services may be requested',
                status: 'INVALID_ARGUMENT',
              },
            },
          ];
        const services = names.map((name) => {
          const service = name.split('/').pop()!;
          return {
            name: `projects/${project.projectNumber}/services/${service}`,
            parent: `projects/${project.projectNumber}`,
            config: { name: service, title: service },
            state: project.enabledApis.has(service) ? 'ENABLED' : 'DISABLED',
          };
        });
        return [200, { services }];
      }
      case 'storage': {
        m = /^\/storage\/v1\/b\/([^/]+)$/.exec(path);
        const name = m ? decodeURIComponent(m[1]!) : '';
        const bucket = project.buckets.get(name);
        if (bucket === undefined)
          return [
            404,
            {
              error: {
                code: 404,
                message: 'The specified bucket does not exist.',
                errors: [{ message: 'The specified bucket does not exist.', domain: 'global', reason: 'notFound' }],
              },
            },
          ];
        return [
          200,
          {
            kind: 'storage#bucket',
            id: name,
            selfLink: `https://www.googleapis.com/storage/v1/b/${name}`,
            projectNumber: project.projectNumber,
            name,
            timeCreated: '2026-11-30T09:00:00.000Z',
            updated: '2026-11-30T09:00:00.000Z',
            metageneration: '2',
            location: 'US-CENTRAL1',
            locationType: 'region',
            storageClass: 'STANDARD',
            etag: 'CAI=',
            ...(bucket.versioning === undefined ? {} : { versioning: { enabled: bucket.versioning } }),
          },
        ];
      }
      case 'secretManager': {
        if (!(
          (m = /^\/v1\/projects\/([^/]+)\/secrets\/([^/]+)\/versions$/.exec(path)) && known(decodeURIComponent(m[1]!))
        ))
          return denied;
        const id = decodeURIComponent(m[2]!);
        const versions = project.secrets.get(id);
        if (versions === undefined)
          return [
            404,
            {
              error: {
                code: 404,
                message: `Secret [projects/${project.projectNumber}/secrets/${id}] not found or has no versions.`,
                status: 'NOT_FOUND',
              },
            },
          ];
        // Newest first, as Secret Manager lists them; this stand-in pages by at most 2 to make paging real.
        const sorted = [...versions].sort((a, b) => b.number - a.number);
        const pageSize = Math.min(Number(query.get('pageSize') ?? 25), 2);
        const start = Number(query.get('pageToken') ?? 0);
        const page = sorted.slice(start, start + pageSize).map((v) => ({
          name: `projects/${project.projectNumber}/secrets/${id}/versions/${v.number}`,
          createTime: new Date(Date.UTC(2026, 10, v.number)).toISOString(),
          state: v.state,
          ...(v.state === 'DESTROYED' ? { destroyTime: '2026-12-01T00:00:00Z' } : {}),
          replicationStatus: { automatic: {} },
          etag: `"${v.number}"`,
        }));
        const next = start + pageSize < sorted.length ? { nextPageToken: String(start + pageSize) } : {};
        return [200, { ...(page.length > 0 ? { versions: page } : {}), ...next, totalSize: sorted.length }];
      }
      case 'artifactRegistry': {
        m =
          /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/repositories\/market-data\/packages\/streamer\/tags\/([^/]+)$/.exec(
            path,
          );
        if (
          m &&
          known(decodeURIComponent(m[1]!)) &&
          decodeURIComponent(m[2]!) === project.region &&
          project.imageTags.has(decodeURIComponent(m[3]!))
        ) {
          const tag = decodeURIComponent(m[3]!);
          return [
            200,
            {
              name: `projects/${project.projectId}/locations/${project.region}/repositories/market-data/packages/streamer/tags/${tag}`,
              version: `projects/${project.projectId}/locations/${project.region}/repositories/market-data/packages/streamer/versions/sha256:0a1b2c`,
            },
          ];
        }
        return [404, { error: { code: 404, message: `Requested entity was not found.`, status: 'NOT_FOUND' } }];
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const endpoints = Object.fromEntries(
    Object.entries(PREFIX).map(([api, prefix]) => [api, `${base}${prefix}`]),
  ) as unknown as GoogleEndpoints;
  return {
    endpoints,
    tokenUrl: `${base}/oauth2/token`,
    refreshToken,
    requests,
    faults,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function serviceDisabled(project: StandInProject, service: string, title: string): unknown {
  return {
    error: {
      code: 403,
      message: `${title} has not been used in project ${project.projectNumber} before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/${service}/overview?project=${project.projectNumber} then retry.`,
      status: 'PERMISSION_DENIED',
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'SERVICE_DISABLED',
          domain: 'googleapis.com',
          metadata: {
            service,
            consumer: `projects/${project.projectNumber}`,
            activationUrl: `https://console.developers.google.com/apis/api/${service}/overview?project=${project.projectNumber}`,
          },
        },
      ],
    },
  };
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
