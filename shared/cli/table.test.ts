import { cellText, columnsOf, formatAge, formatDuration, renderTable } from './table';

describe('CLI tables', () => {
  it('pads columns to the widest cell and right-aligns numbers', () => {
    const rows = [
      { ticker: 'AAPL', n: 3, note: null },
      { ticker: 'BRK-B', n: 120, note: 'split' },
    ];
    expect(renderTable(columnsOf(rows), rows)).toBe(
      ['ticker    n  note', '------  ---  -----', 'AAPL      3', 'BRK-B   120  split', ''].join('\n'),
    );
  });

  it('says (no rows) under the header of an empty result', () => {
    expect(renderTable([{ header: 'a', cell: () => 1 }], [])).toBe('a\n-\n(no rows)\n');
  });

  it('escapes control characters and caps long cells', () => {
    expect(cellText('a\u001b[31mred\nline')).toBe('a\\u001b[31mred line');
    expect(cellText('x'.repeat(100))).toHaveLength(60);
    expect(cellText({ a: 1 })).toBe('{"a":1}');
  });

  it.each([
    [null, 'never'],
    [5, '5m'],
    [185, '3h 05m'],
    [3 * 24 * 60 + 125, '3d 2h'],
  ])('formats an age of %p minutes as %p', (minutes, text) => {
    expect(formatAge(minutes)).toBe(text);
  });

  it.each([
    [850, '850 ms'],
    [12_340, '12.3 s'],
    [245_000, '4m 05s'],
  ])('formats %p ms as %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
