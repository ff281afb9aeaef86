/**
 * The Product Hunt source against the real replay server through the real shared/http client:
 * paging, budget stops and resumes, waits, nulls, and that the token never leaks.
 */
import {
  startProductHuntReplayServer,
  expectedProducts,
  expectedProductSnapshots,
  type ProductHuntReplayServer,
} from '../../../dev/replay-producthunt';
import { Secret } from '../../config/secret';
import { AuthError } from '../../errors';
import { createSilentLogger } from '../../log/logger';
import { Product, ProductSnapshot } from '../../schemas/product';
import type { RawPage, SourceContext } from '../types';
import {
  createProductHuntHttp,
  createProductHuntSource,
  ProductHuntRateLimitError,
  type ProductHuntCursor,
  type ProductHuntSourceConfig,
} from './index';

const PLANTED = 'planted-ph-token-7f3a9c2e';
const NOW = new Date('2024-06-15T08:00:00.000Z');
const ALL: ProductHuntCursor = { postedAfter: '2024-01-01T00:00:00.000Z' };
let server: ProductHuntReplayServer;

beforeEach(async () => {
  server = await startProductHuntReplayServer({ seed: 7, posts: 45, token: PLANTED });
});
afterEach(() => server.stop());

function context(
  config: Partial<ProductHuntSourceConfig> = {},
  token = PLANTED,
): SourceContext<ProductHuntSourceConfig> {
  const http = createProductHuntHttp({
    baseUrl: server.baseUrl,
    timeoutMs: 5_000,
    maxRetries: 0,
    rateLimit: { requestsPerInterval: 1_000, intervalMs: 1_000 },
  });
  return {
    http,
    log: createSilentLogger(),
    now: () => NOW,
    config: { token: new Secret(token), pageSize: 10, maxWaitMs: 60_000, reservePoints: 0, ...config },
  };
}

async function collect(
  source: ReturnType<typeof createProductHuntSource>,
  cursor: ProductHuntCursor,
  ctx: SourceContext<ProductHuntSourceConfig>,
) {
  const pages: RawPage[] = [];
  let error: unknown;
  try {
    for await (const page of source.pages(cursor, ctx)) pages.push(page);
  } catch (caught) {
    error = caught;
  }
  const normalized = pages.map((page) => {
    const wire = source.wire.parse(page.body);
    return source.normalize(wire, page);
  });
  return {
    pages,
    error,
    rows: normalized.flatMap((n) => n.rows),
    snapshots: normalized.flatMap((n) => n.snapshots),
    problems: normalized.flatMap((n) => n.problems),
  };
}

describe('Product Hunt source', () => {
  it('pages through every post newest first, exactly as the server holds them', async () => {
    const source = createProductHuntSource();
    const result = await collect(source, ALL, context());
    expect(result.error).toBeUndefined();
    expect(result.pages).toHaveLength(5);
    expect(server.requests.all().map((r) => r.after ?? null)).toEqual([null, 'MTA=', 'MjA=', 'MzA=', 'NDA=']);
    const expected = expectedProducts({ seed: 7, posts: 45 });
    expect(result.rows).toEqual(expected);
    expect(result.problems).toEqual([]);
    expect(result.snapshots).toEqual(expectedProductSnapshots(expected, '2024-06-15'));
    expect(result.rows.every((row) => Product.safeParse(row).success)).toBe(true);
    expect(result.snapshots.every((row) => ProductSnapshot.safeParse(row).success)).toBe(true);
  });

  it('honours postedAfter', async () => {
    const postedAfter = '2024-06-13T00:00:00.000Z';
    const result = await collect(createProductHuntSource(), { postedAfter }, context());
    expect(result.rows).toEqual(expectedProducts({ seed: 7, posts: 45, postedAfter }));
    expect(result.rows).toHaveLength(12);
  });

  it('keeps null optional fields null, and they pass the contract', async () => {
    const result = await collect(createProductHuntSource(), ALL, context());
    const withoutDescription = result.rows.filter((row) => row.description === null);
    const notFeatured = result.rows.filter((row) => row.featured_at === null);
    const withoutWebsite = result.rows.filter((row) => row.website === null);
    expect(withoutDescription.length).toBeGreaterThan(0);
    expect(notFeatured.length).toBeGreaterThan(0);
    expect(withoutWebsite.length).toBeGreaterThan(0);
    for (const row of [...withoutDescription, ...notFeatured, ...withoutWebsite])
      expect(Product.safeParse(row).success).toBe(true);
  });

  it('stops on rate_limit_reached with a far reset, carrying the cursor; resuming fetches the rest exactly once', async () => {
    server.faults.rateLimit({ afterCalls: 2, resetInS: 600 });
    const source = createProductHuntSource({ sleep: async () => {} });
    const first = await collect(source, ALL, context());
    expect(first.pages).toHaveLength(2);
    expect(first.error).toBeInstanceOf(ProductHuntRateLimitError);
    const stop = first.error as ProductHuntRateLimitError;
    expect(stop.retriable).toBe(true);
    expect(stop.cursor).toEqual({ postedAfter: ALL.postedAfter, endCursor: 'MjA=' });
    expect(stop.resetInS).toBe(600);
    expect(stop.resetAt).toBe('2024-06-15T08:10:00.000Z');
    expect(server.requests.all().map((r) => r.status)).toEqual([200, 200, 429]);

    const second = await collect(source, stop.cursor, context());
    expect(second.error).toBeUndefined();
    expect(second.pages).toHaveLength(3);
    const ids = [...first.rows, ...second.rows].map((row) => row.id);
    expect(new Set(ids).size).toBe(45);
    expect([...first.rows, ...second.rows]).toEqual(expectedProducts({ seed: 7, posts: 45 }));
    expect(server.requests.all().map((r) => r.status)).toEqual([200, 200, 429, 200, 200, 200]);
  });

  it('waits out a short reset and carries on', async () => {
    server.faults.rateLimit({ afterCalls: 1, resetInS: 3 });
    const waits: number[] = [];
    const source = createProductHuntSource({ sleep: async (ms) => void waits.push(ms) });
    const result = await collect(source, ALL, context({ maxWaitMs: 5_000 }));
    expect(result.error).toBeUndefined();
    expect(result.rows).toEqual(expectedProducts({ seed: 7, posts: 45 }));
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(3_000);
    expect(server.requests.all().map((r) => r.status)).toEqual([200, 429, 200, 200, 200, 200]);
  });

  it('slows down before the limit: stops before a page the budget cannot pay, without a 429', async () => {
    await server.stop();
    // A page of 10 costs 1 + 2 * 10 = 21 points; 100 points pay for 4 pages, then 16 remain.
    server = await startProductHuntReplayServer({ seed: 7, posts: 45, token: PLANTED, budgetLimit: 100 });
    const result = await collect(createProductHuntSource(), ALL, context({ maxWaitMs: 1_000 }));
    expect(result.pages).toHaveLength(4);
    expect(result.error).toBeInstanceOf(ProductHuntRateLimitError);
    expect((result.error as ProductHuntRateLimitError).cursor).toEqual({
      postedAfter: ALL.postedAfter,
      endCursor: 'NDA=',
    });
    expect(server.requests.all().every((r) => r.status === 200)).toBe(true);
  });

  it('waits for the window when the budget is low and the reset is near', async () => {
    await server.stop();
    server = await startProductHuntReplayServer({
      seed: 7,
      posts: 45,
      token: PLANTED,
      budgetLimit: 100,
      windowMs: 1_500,
    });
    const waits: number[] = [];
    const source = createProductHuntSource({
      sleep: (ms) => (waits.push(ms), new Promise((resolve) => setTimeout(resolve, ms))),
    });
    const result = await collect(source, ALL, context({ maxWaitMs: 5_000 }));
    expect(result.error).toBeUndefined();
    expect(result.rows).toHaveLength(45);
    expect(waits).toHaveLength(1);
    expect(server.requests.all().every((r) => r.status === 200)).toBe(true);
  });

  it('never lets the token into a RawPage, URL, request log or error', async () => {
    server.faults.rateLimit({ afterCalls: 1, resetInS: 900 });
    const result = await collect(createProductHuntSource(), ALL, context());
    expect(result.error).toBeInstanceOf(ProductHuntRateLimitError);
    const bad = await collect(createProductHuntSource(), ALL, context({}, `${PLANTED}-wrong`));
    expect(bad.error).toBeInstanceOf(AuthError);
    const error = result.error as ProductHuntRateLimitError;
    const authError = bad.error as AuthError;
    const seen = JSON.stringify({
      pages: result.pages,
      requests: server.requests.all(),
      errors: [error.message, error.context, String(error.cause), authError.message, authError.context],
    });
    expect(seen).not.toContain('planted-ph-token');
    expect(seen).toContain('rate_limit_reached');
  });
});
