import { decodeRecord, encodeRecord } from './segment';

describe('segment record format', () => {
  const record = {
    offset: 7,
    timestamp: 1_700_000_000_000,
    key: 'AAPL',
    headers: { source: 'ws' },
    value: Buffer.from([0, 1, 2, 255]),
  };

  it('round-trips a record as one checksummed line', () => {
    const line = encodeRecord(record);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(decodeRecord(line.slice(0, -1))).toEqual(record);
  });

  it.each([
    ['a torn line', (line: string) => line.slice(0, 25)],
    ['a flipped byte', (line: string) => line.replace('AAPL', 'AAPM')],
    ['zero fill', (line: string) => '\0'.repeat(line.length)],
    ['a missing checksum', (line: string) => line.slice(9)],
  ])('rejects %s', (_label, damage) => {
    expect(decodeRecord(damage(encodeRecord(record).slice(0, -1)))).toBeUndefined();
  });
});
