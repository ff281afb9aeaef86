import { checkPermalinks, isValidPermalink } from './permalink';

describe('isValidPermalink', () => {
  it.each([
    ['calendly', true],
    ['tesla-motors', true],
    ['3m', true],
    ['calendly-series-b--67403774', true],
    ['a'.repeat(100), true],
    ['a'.repeat(101), false],
    ['', false],
    ['Calendly', false],
    ['-calendly', false],
    ['cal endly', false],
    ['cal_endly', false],
    ['../etc/passwd', false],
    ['acme%2Fx', false],
    [42, false],
    [null, false],
  ])('%p -> %p', (value, valid) => {
    expect(isValidPermalink(value)).toBe(valid);
  });
});

describe('checkPermalinks', () => {
  it('accepts a clean list and drops duplicates', () => {
    expect(checkPermalinks(['globex', 'initech', 'globex'], { max: 5 })).toEqual({
      ok: true,
      permalinks: ['globex', 'initech'],
    });
  });

  it('names every bad value with its position in one message', () => {
    const result = checkPermalinks(['globex', 'Bad Name', 7, '-x'], { max: 5 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.index)).toEqual([1, 2, 3]);
    expect(result.message).toContain('invalid permalink "Bad Name" at 1');
    expect(result.message).toContain('invalid permalink number at 2');
    expect(result.message).toContain('invalid permalink "-x" at 3');
  });

  it('rejects an empty list and more than max distinct permalinks', () => {
    expect(checkPermalinks([], { max: 2 })).toMatchObject({ ok: false, message: 'at least one permalink is required' });
    expect(checkPermalinks(['a', 'b', 'c'], { max: 2 })).toMatchObject({
      ok: false,
      message: 'at most 2 permalinks per call, got 3',
    });
  });
});
