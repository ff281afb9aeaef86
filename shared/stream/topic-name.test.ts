import { ConfigError } from '../errors';
import { partitionForKey } from './partition-for-key';
import { assertPartitionCount, assertTopicName } from './topic-name';

describe('assertTopicName', () => {
  it.each(['news', 'news.raw', 'prices_daily-v2', 'a'.repeat(249)])('accepts %s', (topic) => {
    expect(() => assertTopicName(topic)).not.toThrow();
  });
  it.each(['', '.', '..', 'has space', 'a/b', 'é', 'a'.repeat(250)])('rejects %j with a ConfigError', (topic) => {
    expect(() => assertTopicName(topic)).toThrow(ConfigError);
  });
  it.each([0, -1, 1.5, 10_001])('rejects %p partitions', (partitions) => {
    expect(() => assertPartitionCount('t', partitions)).toThrow(ConfigError);
  });
});

describe('partitionForKey', () => {
  it('is stable and in range', () => {
    for (let i = 0; i < 200; i += 1) {
      const p = partitionForKey(`key-${i}`, 7);
      expect(p).toBe(partitionForKey(`key-${i}`, 7));
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(7);
    }
  });
  it('spreads keys over every partition', () => {
    const used = new Set(Array.from({ length: 200 }, (_, i) => partitionForKey(`key-${i}`, 4)));
    expect(used).toEqual(new Set([0, 1, 2, 3]));
  });
  it('is FNV-1a and never changes (existing logs on disk depend on it)', () => {
    // FNV-1a("a") = 0xe40c292c = 3826002220, the published test vector; '' is the offset basis.
    expect(['', 'a', 'AAPL', 'MSFT', 'é'].map((key) => partitionForKey(key, 1000))).toEqual([261, 220, 955, 683, 217]);
  });
});
