import { RecentKeys } from './dedupe';

describe('RecentKeys', () => {
  it('remembers the last `capacity` keys, least recently seen evicted first', () => {
    const keys = new RecentKeys(2);
    expect([keys.seen('a'), keys.seen('b'), keys.seen('a')]).toEqual([false, false, true]);
    keys.seen('c'); // evicts b (a was seen more recently)
    expect([keys.seen('a'), keys.seen('b')]).toEqual([true, false]);
    expect(keys.size).toBe(2);
  });
  it('forget lets a key through again', () => {
    const keys = new RecentKeys(5);
    keys.seen('x');
    keys.forget('x');
    expect(keys.seen('x')).toBe(false);
  });
  it('rejects a non-positive capacity', () => expect(() => new RecentKeys(0)).toThrow(RangeError));
});
