import { expectedProducts } from '../../../dev/replay-producthunt';
import { createHttpClient } from '../../http/client';
import { createSilentLogger } from '../../log';
import {
  createProductHuntSource,
  normalizeProductHuntPosts,
  ProductHuntRateLimitError,
} from '../../sources/producthunt';
import { bindSource } from '../loop/bound-source';
import { createProductHuntDefinition, snapshotRows, validateProducts } from './definition';

const [a, b, c] = expectedProducts({ seed: 3, posts: 3 });

describe('Product Hunt definition', () => {
  it('validates against the Product contract and rejects a repeated id with a reason', () => {
    const bad = { ...b!, url: 'ftp://nope', votes_count: -1 };
    const result = validateProducts([a!, bad, c!, a!]);
    expect(result.valid).toEqual([a, c]);
    expect(result.rejected.map((r) => [r.index, r.issues.map((i) => `${i.path}:${i.code}`)])).toEqual([
      [1, ['url:invalid_format', 'votes_count:too_small']],
      [3, ['id:duplicate_key']],
    ]);
  });

  it('derives one snapshot per valid product of the page, dated by the fetch day', () => {
    const page = {
      data: {
        posts: {
          edges: [a!, b!].map((p) => ({
            node: {
              ...p,
              votesCount: p.votes_count,
              commentsCount: p.comments_count,
              createdAt: p.created_at,
              featuredAt: p.featured_at,
              topics: null,
            },
          })),
          pageInfo: { endCursor: null, hasNextPage: false },
        },
      },
    };
    const normalized = normalizeProductHuntPosts(page, { receivedAt: '2024-06-15T23:59:59.000Z' });
    const related = snapshotRows(normalized, [b!], '2024-06-15T23:59:59.500Z');
    expect(related.table.name).toBe('product_snapshots');
    expect(related.rows).toEqual([
      {
        product_id: b!.id,
        snapshot_date: '2024-06-15',
        votes_count: b!.votes_count,
        comments_count: b!.comments_count,
        ingested_at: '2024-06-15T23:59:59.500Z',
      },
    ]);
    expect(related.rejected).toEqual([]);
  });

  it('stores the rate-limit stop cursor as the resume point and nothing for other failures', () => {
    // A source that is never asked for a page: nothing here reaches the network.
    const http = createHttpClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 1_000, maxRetries: 0 });
    const source = bindSource(createProductHuntSource(), {
      http,
      log: createSilentLogger(),
      now: () => new Date(0),
      config: { token: undefined },
    });
    const definition = createProductHuntDefinition(source, { lookbackDays: 7 });
    const cursor = { postedAfter: '2024-06-08T00:00:00.000Z', endCursor: 'MjA=' };
    const stop = new ProductHuntRateLimitError('spent', {
      cursor,
      resetInS: 600,
      now: new Date('2024-06-15T08:00:00Z'),
    });
    const slice = { id: 'posts:x', scope: 'posts', cursor: { postedAfter: cursor.postedAfter } };
    expect(definition.resumeCursor?.(stop, slice)).toEqual(cursor);
    expect(definition.resumeCursor?.(new Error('boom'), slice)).toBeUndefined();
    expect(definition.tables.map((t) => [t.name, t.partitionField])).toEqual([
      ['products', 'created_at'],
      ['product_snapshots', 'snapshot_date'],
    ]);
    expect(definition.today(new Date('2024-06-15T23:30:00-05:00'))).toBe('2024-06-16');
  });
});
