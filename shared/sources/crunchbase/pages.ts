import { ConfigError, HttpError } from '../../errors';
import { paginate } from '../../http/paginate';
import type { RawPage, SourceHttp } from '../types';
import { checkPermalinks } from './permalink';
import type { RevealableSecret } from '../types';
export type { RevealableSecret } from '../types';

/** The Crunchbase slice of config the pagers read. */
export interface CrunchbasePagesConfig {
  /** CRUNCHBASE_API_KEY; revealed only into the `X-cb-user-key` header. */
  apiKey: RevealableSecret | undefined;
  /** Rounds per search page, 1-1000. Default 100. */
  pageSize?: number;
  /** Most organizations one call may name. Default 25. */
  maxPermalinksPerCall?: number;
}

/** Organization fields asked for: exactly what the `Organization` contract needs. */
export const ORGANIZATION_FIELD_IDS = [
  'identifier',
  'short_description',
  'founded_on',
  'num_employees_enum',
  'funding_total',
  'last_funding_type',
  'last_funding_at',
  'categories',
  'location_identifiers',
  'website',
] as const;

/** Funding round fields asked for in searches: what the `FundingRound` contract needs. */
export const FUNDING_ROUND_FIELD_IDS = [
  'identifier',
  'announced_on',
  'investment_type',
  'money_raised',
  'num_investors',
  'lead_investor_identifiers',
  'funded_organization_identifier',
] as const;

const MAX_SEARCH_LIMIT = 1_000;

function authHeaders(config: CrunchbasePagesConfig): Record<string, string> {
  if (config.apiKey === undefined)
    throw new ConfigError('Crunchbase needs an API key', ['CRUNCHBASE_API_KEY is not set']);
  return { accept: 'application/json', 'X-cb-user-key': config.apiKey.reveal() };
}

function parseBody(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * One page per organization: `GET /api/v4/entities/organizations/{permalink}` with the contract's
 * `field_ids` and `card_ids=raised_funding_rounds`, in the given order, lazily.
 *
 * A 404 is terminal for that organization only: it is yielded as a page with `status: 404` and
 * Crunchbase's error body (normalize reports it as `notFound`), and the next permalink follows.
 *
 * @throws RangeError naming every bad permalink (callers check with `checkPermalinks` first and answer 400);
 * @throws ConfigError without an API key; AuthError on 401/403; HttpError/NetworkError after the
 *   client's retries (429 and 5xx are retried there, honouring Retry-After).
 */
export async function* crunchbaseOrganizationPages(
  http: SourceHttp,
  config: CrunchbasePagesConfig,
  permalinks: readonly string[],
  now: () => Date,
): AsyncGenerator<RawPage> {
  const check = checkPermalinks(permalinks, { max: config.maxPermalinksPerCall ?? 25 });
  if (!check.ok) throw new RangeError(check.message);
  const headers = authHeaders(config);
  for (const permalink of check.permalinks) {
    const path = `/api/v4/entities/organizations/${permalink}`;
    const query = { field_ids: ORGANIZATION_FIELD_IDS.join(','), card_ids: 'raised_funding_rounds' };
    const params = { permalink };
    try {
      const response = await http.request({ path, query, headers });
      yield {
        source: 'crunchbase',
        request: { method: 'GET', url: response.url, params },
        status: response.status,
        receivedAt: now().toISOString(),
        body: response.json(),
      };
    } catch (error) {
      if (!(error instanceof HttpError) || error.status !== 404) throw error;
      // The client already scrubbed our key out of the echoed body; the URL is its redacted form.
      yield {
        source: 'crunchbase',
        request: { method: 'GET', url: error.url, params },
        status: 404,
        receivedAt: now().toISOString(),
        body: parseBody(error.context.body as string | undefined),
      };
    }
  }
}

/** Which rounds a search asks for. */
export interface FundingRoundSearch {
  /** 'YYYY-MM-DD': rounds announced on or after it. */
  announcedSince: string;
  /** Resume after this round uuid (Crunchbase's `after_id`). */
  afterId?: string;
}

/**
 * `POST /api/v4/searches/funding_rounds`: rounds announced on or after `announcedSince`, newest
 * first (announced_on desc), `pageSize` per page, paged with `after_id` = the last entity's uuid
 * until a page comes back shorter than the limit.
 *
 * @throws as crunchbaseOrganizationPages (a 404 here is a real error), or RangeError for a bad page size.
 */
export function crunchbaseFundingRoundPages(
  http: SourceHttp,
  config: CrunchbasePagesConfig,
  search: FundingRoundSearch,
  now: () => Date,
): AsyncIterable<RawPage> {
  const limit = config.pageSize ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT)
    throw new RangeError(`pageSize must be 1-${MAX_SEARCH_LIMIT}, got ${limit}`);
  const headers = authHeaders(config);
  const fetchPage = (afterId: string | undefined) => async (): Promise<RawPage> => {
    const json = {
      field_ids: FUNDING_ROUND_FIELD_IDS,
      order: [{ field_id: 'announced_on', sort: 'desc' }],
      query: [{ type: 'predicate', field_id: 'announced_on', operator_id: 'gte', values: [search.announcedSince] }],
      limit,
      ...(afterId === undefined ? {} : { after_id: afterId }),
    };
    const response = await http.request({ method: 'POST', path: '/api/v4/searches/funding_rounds', json, headers });
    const params = { announcedSince: search.announcedSince, afterId: afterId ?? '', limit: String(limit) };
    return {
      source: 'crunchbase-funding-rounds',
      request: { method: 'POST', url: response.url, params },
      status: response.status,
      receivedAt: now().toISOString(),
      body: response.json(),
    };
  };
  return paginate(fetchPage(search.afterId), (page) => {
    const entities = (page.body as { entities?: unknown } | null)?.entities;
    if (!Array.isArray(entities) || entities.length < limit) return undefined;
    const last = (entities[entities.length - 1] as { uuid?: unknown } | undefined)?.uuid;
    return typeof last === 'string' && last !== '' ? fetchPage(last) : undefined;
  });
}
