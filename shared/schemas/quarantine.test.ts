import { z } from 'zod';
import { toDotPath, toIssues } from './quarantine';

describe('toIssues', () => {
  const schema = z.object({ bars: z.array(z.object({ c: z.number() })), meta: z.object({ symbol: z.string() }) });

  it.each<[string, unknown, string | undefined, { path: string; code: string }[]]>([
    [
      'nested array path',
      { bars: [{ c: 1 }, { c: 'x' }], meta: { symbol: 'A' } },
      undefined,
      [{ path: 'bars.1.c', code: 'invalid_type' }],
    ],
    [
      'several issues, zod order',
      { bars: 'no', meta: {} },
      undefined,
      [
        { path: 'bars', code: 'invalid_type' },
        { path: 'meta.symbol', code: 'invalid_type' },
      ],
    ],
    ['root issue', 42, undefined, [{ path: '', code: 'invalid_type' }]],
    [
      'with prefix',
      { bars: [{}], meta: { symbol: 'A' } },
      'records.7',
      [{ path: 'records.7.bars.0.c', code: 'invalid_type' }],
    ],
    ['root issue with prefix', null, 'records.2', [{ path: 'records.2', code: 'invalid_type' }]],
  ])('%s', (_name, input, prefix, expected) => {
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    if (result.success) return;
    const issues = toIssues(result.error, prefix);
    expect(issues.map(({ path, code }) => ({ path, code }))).toEqual(expected);
    expect(issues.every((i) => typeof i.message === 'string' && i.message.length > 0)).toBe(true);
  });

  it('toDotPath stringifies numbers and symbols', () => {
    expect(toDotPath(['a', 0, Symbol('s'), 'b'])).toBe('a.0.s.b');
    expect(toDotPath([])).toBe('');
  });
});
