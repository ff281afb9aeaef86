/**
 * `GET /v1beta1/news` over the articles the server has published so far, as Alpaca answers it:
 * headers APCA-API-KEY-ID / APCA-API-SECRET-KEY (403 `{"message":"forbidden"}` otherwise);
 * `start`/`end` (RFC-3339 or YYYY-MM-DD, inclusive, on `updated_at`; defaults 2015-01-01 and
 * now); `symbols` (comma list; an article matches if it has any); `limit` 1-50 (default 10; 422
 * otherwise); `sort` asc|desc by (updated_at, id) (default desc); `include_content` (default
 * false: no `content` field); `page_token` (base64 "<updated_at ns>|<id>" of the last article
 * sent) resumes strictly after that article. Answers `{ news, next_page_token }`.
 */
import type { ReplayAnswer } from '../replay/routes/types';
import { json } from '../replay/routes/types';
import type { ReplayNewsRecord } from './articles';

/** Accepted credentials. */
export interface NewsCredentials {
  keyId: string;
  secretKey: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function parseBound(value: string | null, fallback: number): number | null {
  if (value === null || value === '') return fallback;
  const ms = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isFinite(ms) ? ms : null;
}

/** Encodes the position after `record`, as Alpaca's tokens do. */
export function newsPageToken(record: Pick<ReplayNewsRecord, 'updated_at' | 'id'>): string {
  return Buffer.from(`${BigInt(Date.parse(record.updated_at)) * 1_000_000n}|${record.id}`).toString('base64');
}

function decodeToken(token: string): { updatedMs: number; id: number } | null {
  const [ns, id] = Buffer.from(token, 'base64').toString('utf8').split('|');
  if (ns === undefined || id === undefined || !/^\d+$/.test(ns) || !/^\d+$/.test(id)) return null;
  return { updatedMs: Number(BigInt(ns) / 1_000_000n), id: Number(id) };
}

/** Answers one request; pure over `history` (articles in publication order). */
export function answerNewsRequest(
  query: URLSearchParams,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  history: readonly ReplayNewsRecord[],
  credentials: NewsCredentials,
  nowMs: number,
): ReplayAnswer {
  if (headers['apca-api-key-id'] !== credentials.keyId || headers['apca-api-secret-key'] !== credentials.secretKey)
    return json(403, { message: 'forbidden' });
  const limit = query.get('limit') === null ? 10 : Number(query.get('limit'));
  if (!Number.isInteger(limit) || limit < 1 || limit > 50)
    return json(422, { message: 'invalid limit: must be between 1 and 50' });
  const sort = (query.get('sort') ?? 'desc').toLowerCase();
  if (sort !== 'asc' && sort !== 'desc') return json(422, { message: `invalid sort: ${sort}` });
  const start = parseBound(query.get('start'), Date.parse('2015-01-01T00:00:00Z'));
  const end = parseBound(query.get('end'), nowMs);
  if (start === null || end === null) return json(422, { message: 'invalid start or end' });
  const token = query.get('page_token');
  const after = token ? decodeToken(token) : undefined;
  if (after === null) return json(422, { message: 'invalid page token' });
  const symbols = new Set(
    (query.get('symbols') ?? '')
      .split(',')
      .map((s) => s.trim().toUpperCase())
      .filter((s) => s !== ''),
  );
  const includeContent = query.get('include_content') === 'true';

  const direction = sort === 'asc' ? 1 : -1;
  const order = (a: { updatedMs: number; id: number }, b: { updatedMs: number; id: number }) =>
    direction * (a.updatedMs - b.updatedMs || a.id - b.id);
  const matching = history
    .map((record) => ({ record, updatedMs: Date.parse(record.updated_at), id: record.id }))
    .filter(
      ({ record, updatedMs }) =>
        updatedMs >= start && updatedMs <= end && (symbols.size === 0 || record.symbols.some((s) => symbols.has(s))),
    )
    .filter((entry) => after === undefined || order(entry, after) > 0)
    .sort(order);
  const page = matching.slice(0, limit).map(({ record }) => {
    if (includeContent) return record;
    const { content: _content, ...rest } = record;
    return rest;
  });
  const last = matching[limit - 1];
  return json(200, {
    news: page,
    next_page_token: matching.length > limit && last ? newsPageToken(last.record) : null,
  });
}

/** `GET /rss/2.0/headline?s=SYM`: Yahoo's headline feed over the same articles (latest 20 tagged with SYM). */
export function answerRssRequest(query: URLSearchParams, history: readonly ReplayNewsRecord[]): ReplayAnswer {
  const symbol = (query.get('s') ?? '').split(',')[0]?.trim().toUpperCase() ?? '';
  const escape = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const items = history
    .filter((r) => r.symbols.includes(symbol))
    .slice(-20)
    .reverse()
    .map(
      (r) =>
        `<item><description>${escape(r.summary === '' ? r.content : r.summary)}</description><guid isPermaLink="false">replay-${r.id}</guid>` +
        `<link>${escape(r.url)}</link><pubDate>${new Date(Date.parse(r.created_at)).toUTCString().replace('GMT', '+0000')}</pubDate><title>${escape(r.headline)}</title></item>`,
    );
  const body = `<?xml version="1.0" encoding="UTF-8" standalone="yes" ?><rss version="2.0"><channel><copyright>Copyright (c) Yahoo! Inc.</copyright><description>Latest Financial News for ${escape(symbol)}</description><language>en-US</language><link>https://finance.yahoo.com/</link><title>Yahoo! Finance: ${escape(symbol)} News</title>${items.join('')}</channel></rss>`;
  return { status: 200, headers: { 'content-type': 'application/rss+xml; charset=utf-8' }, body };
}
