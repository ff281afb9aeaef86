import { LakeKeyError } from './errors';
import { cleanKey, formatDay, parsePartition, partitionPrefix, quarantineKey, rawKey, streamKey } from './paths';

describe('lake paths: the layout of docs/architecture.md', () => {
  it.each([
    [
      'raw',
      () => rawKey({ source: 'prices', dt: '2024-02-29', runId: 'r-1a2b', n: 0 }),
      'raw/prices/dt=2024-02-29/r-1a2b-0.jsonl.gz',
    ],
    [
      'raw, Date in UTC',
      () => rawKey({ source: 'news', dt: new Date('2024-03-01T23:30:00-05:00'), runId: 'r', n: 12 }),
      'raw/news/dt=2024-03-02/r-12.jsonl.gz',
    ],
    [
      'clean',
      () => cleanKey({ table: 'prices_daily', dt: '2023-12-31', runId: 'run.7', n: 3 }),
      'clean/prices_daily/dt=2023-12-31/run.7-3.parquet',
    ],
    [
      'quarantine',
      () => quarantineKey({ source: 'producthunt', dt: '2024-01-01', runId: 'abc' }),
      'quarantine/producthunt/dt=2024-01-01/abc.jsonl',
    ],
    [
      'stream, hour padded',
      () => streamKey({ topic: 'news.raw', dt: '2024-01-01', hour: 5, partition: 0, firstOffset: 0, lastOffset: 0 }),
      'stream/news.raw/dt=2024-01-01/hour=05/0-0-0.jsonl.gz',
    ],
    [
      'stream, offsets beyond 2^53 as strings',
      () =>
        streamKey({
          topic: 't',
          dt: '2024-01-01',
          hour: 23,
          partition: '3',
          firstOffset: '9007199254740993',
          lastOffset: 9007199254740994n,
        }),
      'stream/t/dt=2024-01-01/hour=23/3-9007199254740993-9007199254740994.jsonl.gz',
    ],
    ['partition prefix, source', () => partitionPrefix({ layer: 'raw', name: 'prices' }), 'raw/prices/'],
    [
      'partition prefix, day',
      () => partitionPrefix({ layer: 'clean', name: 'news', dt: '2024-01-09' }),
      'clean/news/dt=2024-01-09/',
    ],
    [
      'partition prefix, hour',
      () => partitionPrefix({ layer: 'stream', name: 'news', dt: '2024-01-09', hour: 0 }),
      'stream/news/dt=2024-01-09/hour=00/',
    ],
  ])('%s', (_label, build, expected) => {
    expect(build()).toBe(expected);
  });

  it.each([
    [
      'an impossible date',
      () => rawKey({ source: 's', dt: '2023-02-29', runId: 'r', n: 0 }),
      'dt is not a calendar date',
    ],
    ['a month 13', () => rawKey({ source: 's', dt: '2023-13-01', runId: 'r', n: 0 }), 'dt is not a calendar date'],
    [
      'a date without dashes',
      () => rawKey({ source: 's', dt: '20230101', runId: 'r', n: 0 }),
      "dt must be a 'YYYY-MM-DD'",
    ],
    [
      'an invalid Date',
      () => rawKey({ source: 's', dt: new Date('nope'), runId: 'r', n: 0 }),
      'dt must be a valid Date',
    ],
    ['a source with a slash', () => rawKey({ source: 'a/b', dt: '2024-01-01', runId: 'r', n: 0 }), 'source must be'],
    ['a dot-leading source', () => rawKey({ source: '..', dt: '2024-01-01', runId: 'r', n: 0 }), 'source must be'],
    ['an empty table', () => cleanKey({ table: '', dt: '2024-01-01', runId: 'r', n: 0 }), 'table must be'],
    ['a run id with a space', () => quarantineKey({ source: 's', dt: '2024-01-01', runId: 'a b' }), 'runId must be'],
    [
      'a negative n',
      () => cleanKey({ table: 't', dt: '2024-01-01', runId: 'r', n: -1 }),
      'n must be a non-negative integer',
    ],
    [
      'a fractional n',
      () => cleanKey({ table: 't', dt: '2024-01-01', runId: 'r', n: 1.5 }),
      'n must be a non-negative integer',
    ],
    [
      'hour 24',
      () => streamKey({ topic: 't', dt: '2024-01-01', hour: 24, partition: 0, firstOffset: 0, lastOffset: 1 }),
      'hour must be an integer 0-23',
    ],
    [
      'hour -1',
      () => streamKey({ topic: 't', dt: '2024-01-01', hour: -1, partition: 0, firstOffset: 0, lastOffset: 1 }),
      'hour must be an integer 0-23',
    ],
    [
      'first > last',
      () => streamKey({ topic: 't', dt: '2024-01-01', hour: 1, partition: 0, firstOffset: 10, lastOffset: 9 }),
      'must not be greater than lastOffset',
    ],
    [
      'a non-numeric offset',
      () => streamKey({ topic: 't', dt: '2024-01-01', hour: 1, partition: 0, firstOffset: '1e3', lastOffset: '2000' }),
      'firstOffset must be',
    ],
    [
      'a negative partition',
      () => streamKey({ topic: 't', dt: '2024-01-01', hour: 1, partition: -1, firstOffset: 0, lastOffset: 0 }),
      'partition must be',
    ],
    [
      'an hour prefix outside stream',
      () => partitionPrefix({ layer: 'raw', name: 'x', dt: '2024-01-01', hour: 1 }),
      'hour needs dt and the stream layer',
    ],
  ])('rejects %s with a LakeKeyError that says why', (_label, build, reason) => {
    expect(build).toThrow(LakeKeyError);
    expect(build).toThrow(reason);
  });

  it.each([
    ['raw/prices/dt=2024-02-29/r-0.jsonl.gz', { layer: 'raw', name: 'prices', dt: '2024-02-29' }],
    ['clean/prices_daily/dt=2024-01-01/r-1.parquet', { layer: 'clean', name: 'prices_daily', dt: '2024-01-01' }],
    ['quarantine/news/dt=2024-01-01/r.jsonl', { layer: 'quarantine', name: 'news', dt: '2024-01-01' }],
    [
      'stream/news.raw/dt=2024-01-01/hour=07/0-1-2.jsonl.gz',
      { layer: 'stream', name: 'news.raw', dt: '2024-01-01', hour: 7 },
    ],
    ['stream/news/dt=2024-01-01/0-1-2.jsonl.gz', undefined],
    ['stream/news/dt=2024-01-01/hour=24/0-1-2.jsonl.gz', undefined],
    ['raw/prices/dt=2024-02-30/r-0.jsonl.gz', undefined],
    ['raw/prices/r-0.jsonl.gz', undefined],
    ['raw/prices/dt=2024-01-01/', undefined],
    ['other/prices/dt=2024-01-01/x', undefined],
  ])('parsePartition(%s)', (key, expected) => {
    expect(parsePartition(key)).toEqual(expected);
  });

  it('parses back what every builder writes', () => {
    for (let hour = 0; hour < 24; hour++) {
      const key = streamKey({ topic: 'ticks', dt: '2025-06-30', hour, partition: 1, firstOffset: 5, lastOffset: 9 });
      expect(parsePartition(key)).toEqual({ layer: 'stream', name: 'ticks', dt: '2025-06-30', hour });
    }
    expect(parsePartition(quarantineKey({ source: 'x', dt: '2024-12-31', runId: 'y' }))?.dt).toBe('2024-12-31');
    expect(formatDay(new Date(Date.UTC(2024, 0, 5, 23, 59)))).toBe('2024-01-05');
  });
});
