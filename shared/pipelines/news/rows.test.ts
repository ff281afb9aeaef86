/** "Newest version wins", as the batch and the stream's lake-sink both apply it. */
import { newestById, partitionByFreshness, splitByFreshness } from './rows';

const v = (id: string, updatedAt: string) => ({ id, updatedAt });
const version = (item: { id: string; updatedAt: string }) => item;

describe('newestById', () => {
  it('keeps the newest version per id (the later one on a tie), in first-appearance order', () => {
    const items = [
      v('a', '2024-01-01T00:00:01Z'),
      v('b', '2024-01-01T00:00:00Z'),
      v('a', '2024-01-01T00:00:00Z'),
      v('b', '2024-01-01T00:00:00.000Z'),
      v('c', '2024-01-01T00:00:00Z'),
    ];
    const kept = newestById(items, version);
    expect(kept).toEqual([
      v('a', '2024-01-01T00:00:01Z'),
      v('b', '2024-01-01T00:00:00.000Z'),
      v('c', '2024-01-01T00:00:00Z'),
    ]);
    expect(kept[1]).toBe(items[3]);
  });
});

describe('partitionByFreshness', () => {
  const stored = new Map([['a', Date.parse('2024-01-01T00:00:01Z')]]);
  it.each([
    ['older than stored: stale', v('a', '2024-01-01T00:00:00Z'), 'stale'],
    ['same version: fresh (a re-read rewrites it)', v('a', '2024-01-01T00:00:01.000Z'), 'fresh'],
    ['newer: fresh', v('a', '2024-01-01T00:00:02Z'), 'fresh'],
    ['not stored: fresh', v('z', '2020-01-01T00:00:00Z'), 'fresh'],
  ])('%s', (_name, item, expected) => {
    const { fresh, stale } = partitionByFreshness([item], stored, version);
    expect(expected === 'fresh' ? fresh : stale).toEqual([item]);
    expect(fresh.length + stale.length).toBe(1);
  });
  it('splitByFreshness reads the article of each item', () => {
    const items = [
      { article: { id: 'a', updated_at: '2024-01-01T00:00:00Z' } },
      { article: { id: 'b', updated_at: '2024-01-01T00:00:00Z' } },
    ] as never[];
    const { fresh, stale } = splitByFreshness(items, stored);
    expect([fresh.length, stale.length]).toEqual([1, 1]);
  });
});
