import type { ConsumedMessage } from '../../../shared/stream';
import { dtHourOf, nextChunk, planChunks } from './chunks';

const at = (iso: string) => Date.parse(iso);
const msg = (offset: number, timestamp: number): ConsumedMessage => ({
  topic: 'news',
  partition: 2,
  offset: String(offset),
  key: `k${offset}`,
  value: Buffer.from('{}'),
  headers: {},
  timestamp,
});
const ranges = (messages: ConsumedMessage[], limits: { maxMessages: number; maxSpanMs: number }) =>
  planChunks(messages, limits).map((c) => `${c.firstOffset}-${c.lastOffset}@${c.dt}T${c.hour}`);

describe('lake sink chunks', () => {
  const t0 = at('2024-09-17T09:59:58.000Z');

  it.each([
    [
      'count',
      { maxMessages: 2, maxSpanMs: 60_000 },
      [0, 1, 2, 3, 4].map((i) => msg(10 + i, t0)),
      ['10-11@2024-09-17T9', '12-13@2024-09-17T9', '14-14@2024-09-17T9'],
    ],
    [
      'time span since the first message',
      { maxMessages: 100, maxSpanMs: 500 },
      [msg(0, t0), msg(1, t0 + 499), msg(2, t0 + 500), msg(3, t0 + 900)],
      ['0-1@2024-09-17T9', '2-3@2024-09-17T9'],
    ],
    [
      'hour boundary',
      { maxMessages: 100, maxSpanMs: 60_000 },
      [msg(5, t0), msg(6, t0 + 1_999), msg(7, t0 + 2_000)],
      ['5-6@2024-09-17T9', '7-7@2024-09-17T10'],
    ],
    [
      'day boundary',
      { maxMessages: 100, maxSpanMs: 60_000 },
      [msg(0, at('2024-12-31T23:59:59.999Z')), msg(1, at('2025-01-01T00:00:00.000Z'))],
      ['0-0@2024-12-31T23', '1-1@2025-01-01T0'],
    ],
  ])('closes a chunk on %s', (_case, limits, messages, expected) => {
    expect(ranges(messages, limits)).toEqual(expected);
  });

  it('is deterministic from the first offset, whatever the delivery adds after it', () => {
    const messages = Array.from({ length: 7 }, (_, i) => msg(i, t0));
    const limits = { maxMessages: 3, maxSpanMs: 60_000 };
    expect(ranges(messages.slice(0, 6), limits).slice(0, 2)).toEqual(ranges(messages, limits).slice(0, 2));
  });

  it('cuts at the end of an object a previous attempt wrote', () => {
    const messages = Array.from({ length: 10 }, (_, i) => msg(100 + i, t0));
    expect(nextChunk(messages, 0, { maxMessages: 8, maxSpanMs: 60_000 }, '104')).toMatchObject({
      firstOffset: '100',
      lastOffset: '104',
    });
    expect(nextChunk(messages, 0, { maxMessages: 8, maxSpanMs: 60_000 }, '100').messages).toHaveLength(1);
  });

  it('rejects a start outside the batch and limits below 1', () => {
    expect(() => nextChunk([msg(0, t0)], 1, { maxMessages: 1, maxSpanMs: 1 })).toThrow(RangeError);
    expect(() => nextChunk([msg(0, t0)], 0, { maxMessages: 0, maxSpanMs: 1 })).toThrow(RangeError);
  });

  it('reads dt and hour in UTC', () => {
    expect(dtHourOf(at('2024-03-10T07:30:00.000Z'))).toEqual({ dt: '2024-03-10', hour: 7 });
    expect(dtHourOf(NaN)).toEqual({ dt: '1970-01-01', hour: 0 });
  });
});
