import { byStartDay, chunk, groupName } from './slice-groups';

describe('commit groups', () => {
  it('orders slices by first day, stably, those without a day last', () => {
    const items = [
      { slice: { id: 'a', from: '2023-01-01' } },
      { slice: { id: 'b' } },
      { slice: { id: 'c', from: '2022-01-01' } },
      { slice: { id: 'd', from: '2023-01-01' } },
    ];
    expect(byStartDay(items).map((i) => i.slice.id)).toEqual(['c', 'a', 'd', 'b']);
  });

  it('cuts a list into chunks of at most n', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });

  it('names a group by its first slice and its set of slices, whatever their order', () => {
    const a = groupName('prices-20240308T223005-abc123', [
      { index: 4, id: 'MSFT:2024' },
      { index: 2, id: 'AAPL:2024' },
    ]);
    expect(a).toMatch(/^prices-20240308T223005-abc123-g2-[0-9a-z]{7}$/);
    expect(
      groupName('prices-20240308T223005-abc123', [
        { index: 2, id: 'AAPL:2024' },
        { index: 4, id: 'MSFT:2024' },
      ]),
    ).toBe(a);
    expect(groupName('prices-20240308T223005-abc123', [{ index: 2, id: 'AAPL:2024' }])).not.toBe(a);
    expect(() => groupName('r', [])).toThrow(RangeError);
  });
});
