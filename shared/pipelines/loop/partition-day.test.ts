import { partitionDay } from './partition-day';

describe('partitionDay', () => {
  it('keeps a DATE and takes the UTC date of a TIMESTAMP', () => {
    expect(partitionDay('2024-06-05')).toBe('2024-06-05');
    expect(partitionDay('2024-06-05T23:59:59.000Z')).toBe('2024-06-05');
    expect(partitionDay('2024-06-05 01:00:00')).toBe('2024-06-05');
    expect(partitionDay(new Date('2024-06-05T23:30:00-04:00'))).toBe('2024-06-06');
  });

  it('leaves anything else as text, for the lake key check to reject', () => {
    expect(partitionDay('June 5')).toBe('June 5');
    expect(partitionDay('2024-06-05X')).toBe('2024-06-05X');
  });
});
