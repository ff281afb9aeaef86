import { IngestError } from '../shared/errors';
import type { Logger } from '../shared/log/types';
import { AlpacaNewsPageWire, alpacaNewsPages, type AlpacaNewsCredentials } from '../shared/sources/alpaca-news';
import type { SourceHttp } from '../shared/sources/types';

export interface CatchUpRequest {
  http: SourceHttp;
  credentials: AlpacaNewsCredentials;
  /** Empty: market-wide. */
  symbols: readonly string[];
  /** Inclusive start, ms since the epoch. */
  fromMs: number;
  /** Inclusive end, ms since the epoch. */
  toMs: number;
  now: () => number;
  logger: Logger;
  /** Called with each page's records (untrusted) as it arrives. */
  onRecords(records: unknown[], receivedAtMs: number): void;
  /** Checked between pages: an aborted catch-up stops early (the caller re-queues its window). */
  signal?: AbortSignal;
}

/**
 * Pages through `GET /v1beta1/news` (sort=asc, include_content=true) over [fromMs, toMs] and
 * hands every record to `onRecords`: the articles published while the websocket was down.
 * Returns how many records and pages it read.
 *
 * @throws what the HTTP client throws after its retries (429s wait for Retry-After there), or a
 *   retriable IngestError when a page is not the documented shape.
 */
export async function catchUp(request: CatchUpRequest): Promise<{ records: number; pages: number }> {
  const query = {
    start: new Date(request.fromMs).toISOString(),
    end: new Date(request.toMs).toISOString(),
    symbols: request.symbols,
    label: { scope: 'catch-up' },
  };
  let records = 0;
  let pages = 0;
  for await (const page of alpacaNewsPages(request.http, request.credentials, query, () => new Date(request.now()))) {
    const parsed = AlpacaNewsPageWire.safeParse(page.body);
    if (!parsed.success)
      throw new IngestError('alpaca news catch-up: page is not the documented shape', {
        retriable: true,
        context: { url: page.request.url },
      });
    pages += 1;
    records += parsed.data.news?.length ?? 0;
    request.onRecords(parsed.data.news ?? [], request.now());
    if (request.signal?.aborted) break;
  }
  request.logger.info('news catch-up done', { start: query.start, end: query.end, records, pages });
  return { records, pages };
}
