import { LakeKeyError } from './errors';
import { assertValidKey, assertValidPrefix, compareKeys } from './key';

describe('lake keys', () => {
  it.each(['raw/prices/dt=2024-01-01/r-0.jsonl.gz', 'a', 'a/b/c', 'tickers/^GSPC/x', 'ünïcode/ok', 'a..b/c'])(
    'accepts %s',
    (key) => {
      expect(assertValidKey(key)).toBe(key);
    },
  );

  it.each([
    ['', 'must be a non-empty string'],
    ['/a', "must not start with '/'"],
    ['a//b', 'must not contain empty segments'],
    ['a/', 'must not contain empty segments'],
    ['a/../b', "must not contain '..' segments"],
    ['..', "must not contain '..' segments"],
    ['a/./b', "must not contain '.' segments"],
    ['a/.hidden', "must not start with '.'"],
    ['a\\b', 'backslashes'],
    ['a\nb', 'control characters'],
    ['x'.repeat(1025), 'at most 1024 UTF-8 bytes'],
  ])('rejects %j: %s', (key, reason) => {
    expect(() => assertValidKey(key)).toThrow(LakeKeyError);
    expect(() => assertValidKey(key)).toThrow(reason);
  });

  it.each(['', 'raw/', 'raw/pri', 'raw/prices/dt=2024-'])('accepts prefix %j', (prefix) => {
    expect(assertValidPrefix(prefix)).toBe(prefix);
  });

  it.each(['/', '/raw', 'raw//', '../', 'raw/..', 'raw/.t'])('rejects prefix %j', (prefix) => {
    expect(() => assertValidPrefix(prefix)).toThrow(LakeKeyError);
  });

  it('orders keys by UTF-8 bytes, as Cloud Storage lists them', () => {
    // Code-unit order would put U+1F600 (surrogates 0xD83D...) before U+FF5E; UTF-8 byte order does the reverse.
    const keys = ['a/\u{1F600}', 'a/\uFF5E', 'a/b', 'a-b', 'a/B'];
    expect([...keys].sort(compareKeys)).toEqual(['a-b', 'a/B', 'a/b', 'a/\uFF5E', 'a/\u{1F600}']);
  });
});
