/**
 * Reads of the provider feeds: latest news, top Product Hunt launches, recent funding rounds. Every
 * text column here is untrusted provider text; the API returns it as JSON strings and the page
 * renders it with textContent only.
 */
import type { Warehouse } from '../../warehouse/types';
import { readRows } from './read';

/** One news article (plain-text fields as stored; `symbols` the provider's tickers). */
export interface NewsRow {
  id: string;
  headline: string;
  summary: string | null;
  source: string | null;
  url: string | null;
  symbols: unknown;
  createdAt: string;
  provider: string;
}

/** One Product Hunt launch. */
export interface ProductRow {
  id: string;
  name: string;
  tagline: string | null;
  url: string;
  website: string | null;
  votesCount: number | null;
  commentsCount: number | null;
  createdAt: string;
  featuredAt: string | null;
  topics: unknown;
}

/** One funding round with the funded organization's name (null when the organization is not stored). */
export interface FundingRow {
  uuid: string;
  name: string | null;
  announcedOn: string;
  investmentType: string;
  moneyRaised: number | null;
  moneyRaisedCurrency: string | null;
  moneyRaisedUsd: number | null;
  leadInvestors: unknown;
  investorCount: number | null;
  organizationUuid: string;
  organizationName: string | null;
  organizationPermalink: string | null;
}

/**
 * The newest `limit` articles, newest first; with `ticker`, only those tagged with it (news_tickers);
 * with `since`, only those published after it (what the page polls with for new arrivals).
 */
export async function latestNews(
  warehouse: Warehouse,
  filter: { limit: number; ticker?: string | undefined; since?: Date | undefined },
): Promise<NewsRow[]> {
  const conditions: string[] = [];
  const params: Record<string, unknown> = { limit: filter.limit };
  if (filter.since !== undefined) {
    conditions.push('n.created_at > @since');
    params.since = filter.since;
  }
  if (filter.ticker !== undefined) {
    conditions.push(
      `n.id IN (SELECT t.article_id FROM ${warehouse.tableRef('news_tickers')} AS t WHERE t.ticker = @ticker)`,
    );
    params.ticker = filter.ticker;
  }
  const sql = `
SELECT n.id AS id, n.headline AS headline, n.summary AS summary, n.source AS source, n.url AS url, n.symbols AS symbols,
  n.created_at AS createdAt, n.provider AS provider
FROM ${warehouse.tableRef('news')} AS n
${conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`}
ORDER BY n.created_at DESC, n.id DESC
LIMIT @limit`;
  return readRows<NewsRow>(warehouse, sql, params);
}

/** The `limit` most-voted launches among the 200 most recently created, most votes first. */
export async function topProducts(warehouse: Warehouse, filter: { limit: number }): Promise<ProductRow[]> {
  const sql = `
SELECT r.id AS id, r.name AS name, r.tagline AS tagline, r.url AS url, r.website AS website, r.votes_count AS votesCount,
  r.comments_count AS commentsCount, r.created_at AS createdAt, r.featured_at AS featuredAt, r.topics AS topics
FROM (
  SELECT id, name, tagline, url, website, votes_count, comments_count, created_at, featured_at, topics
  FROM ${warehouse.tableRef('products')}
  ORDER BY created_at DESC, id
  LIMIT 200
) AS r
ORDER BY COALESCE(r.votes_count, 0) DESC, r.created_at DESC, r.id
LIMIT @limit`;
  return readRows<ProductRow>(warehouse, sql, { limit: filter.limit });
}

/** The `limit` most recently announced rounds, newest first, with organization names. */
export async function recentFunding(warehouse: Warehouse, filter: { limit: number }): Promise<FundingRow[]> {
  const sql = `
SELECT f.uuid AS uuid, f.name AS name, f.announced_on AS announcedOn, f.investment_type AS investmentType,
  f.money_raised AS moneyRaised, f.money_raised_currency AS moneyRaisedCurrency, f.money_raised_usd AS moneyRaisedUsd,
  f.lead_investors AS leadInvestors, f.investor_count AS investorCount, f.organization_uuid AS organizationUuid,
  o.name AS organizationName, o.permalink AS organizationPermalink
FROM ${warehouse.tableRef('funding_rounds')} AS f
LEFT JOIN ${warehouse.tableRef('organizations')} AS o ON o.uuid = f.organization_uuid
ORDER BY f.announced_on DESC, f.uuid
LIMIT @limit`;
  return readRows<FundingRow>(warehouse, sql, { limit: filter.limit });
}
