/**
 * The lake contract: one suite, run unchanged against every Lake implementation (dlt's
 * destination tests in miniature). Each test gets a fresh, empty lake from `makeLake` and calls
 * `cleanup` afterwards. Call it from a `*.int.test.ts` file whose `name` says which backend runs.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { StorageError } from '../../errors';
// Imported file by file rather than from lake/index so the suite does not load the Parquet writer.
import { LakeKeyError, LakeObjectNotFound } from '../../lake/errors';
import { compareKeys } from '../../lake/key';
import { cleanKey, parsePartition, partitionPrefix, quarantineKey, rawKey, streamKey } from '../../lake/paths';
import type { Lake, LakeObjectInfo } from '../../lake/types';

/** A fresh lake for one test, and how to tear it down. */
export interface LakeUnderTest {
  lake: Lake;
  cleanup: () => Promise<void>;
}

const MiB = 1024 * 1024;

/** Collects a lake listing (small listings only). */
export async function listAll(lake: Lake, prefix: string): Promise<LakeObjectInfo[]> {
  const out: LakeObjectInfo[] = [];
  for await (const item of lake.list(prefix)) out.push(item);
  return out;
}

/**
 * `count` pseudo-random chunks of `chunkBytes`, different per `seed`, generated on demand so a
 * large object never sits whole in the test's memory. `hash` is filled in as the chunks go by.
 */
export function generatedChunks(seed: number, count: number, chunkBytes: number, hash = createHash('sha256')) {
  let state = (seed * 2654435761) >>> 0 || 1;
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let i = 0; i < count; i++) {
      const chunk = Buffer.allocUnsafe(chunkBytes);
      for (let j = 0; j + 4 <= chunkBytes; j += 4) {
        // xorshift32: cheap bytes that differ per position, so reordered or dropped chunks show up.
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        chunk.writeUInt32LE(state >>> 0, j);
      }
      hash.update(chunk);
      yield chunk;
      // Hand the event loop over between chunks so concurrent writers really interleave.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return { chunks, digest: () => hash.digest('hex') };
}

/** Streams `stream` through sha256 without keeping it; resolves with the digest and byte count. */
export async function digestStream(stream: AsyncIterable<unknown>): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    size += buffer.length;
  }
  return { sha256: hash.digest('hex'), size };
}

const sha256 = (buffer: Buffer): string => createHash('sha256').update(buffer).digest('hex');

/** Registers the lake contract suite as `lake contract: <name>`. */
export function describeLakeContract(name: string, makeLake: () => Promise<LakeUnderTest>): void {
  describe(`lake contract: ${name}`, () => {
    let lake: Lake;
    let cleanup: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      ({ lake, cleanup } = await makeLake());
    });
    afterEach(async () => {
      await cleanup?.();
      cleanup = undefined;
    });

    it('names its backend', () => {
      expect(['local', 'gcs']).toContain(lake.kind);
      expect(lake.describe()).toContain(lake.kind);
    });

    it('round-trips text and binary bodies, including an empty one', async () => {
      const binary = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
      await expect(
        lake.put('t/text.json', '{"ticker":"ÄPFEL","price":1.5}', { contentType: 'application/json' }),
      ).resolves.toEqual({
        key: 't/text.json',
        size: Buffer.byteLength('{"ticker":"ÄPFEL","price":1.5}'),
      });
      await lake.put('t/binary.bin', binary);
      await lake.put('t/empty', '');
      expect((await lake.get('t/text.json')).toString('utf8')).toBe('{"ticker":"ÄPFEL","price":1.5}');
      expect((await lake.get('t/binary.bin')).equals(binary)).toBe(true);
      expect((await lake.get('t/empty')).length).toBe(0);
      expect(await lake.exists('t/empty')).toBe(true);
    });

    it('overwrites an existing key in place: one object, the new content', async () => {
      await lake.put('o/dt=2024-01-02/run-0.jsonl', 'first version, longer than the second');
      await lake.put('o/dt=2024-01-02/run-0.jsonl', 'second');
      expect((await lake.get('o/dt=2024-01-02/run-0.jsonl')).toString()).toBe('second');
      const listed = await listAll(lake, 'o/');
      expect(listed.map((o) => [o.key, o.size])).toEqual([['o/dt=2024-01-02/run-0.jsonl', 6]]);
    });

    it('lists recursively by string prefix, sorted by key, with sizes and times', async () => {
      const before = Date.now();
      const keys = ['p/b/2', 'p/a/x/deep', 'p/a-b', 'p/a/1', 'p/ab', 'q/outside', 'p/b/10', 'px/near-miss'];
      for (const key of keys) await lake.put(key, key.repeat(3));
      const listed = await listAll(lake, 'p/');
      const expected = keys.filter((k) => k.startsWith('p/')).sort(compareKeys);
      expect(expected).toEqual(['p/a-b', 'p/a/1', 'p/a/x/deep', 'p/ab', 'p/b/10', 'p/b/2']);
      expect(listed.map((o) => o.key)).toEqual(expected);
      for (const item of listed) {
        expect(item.size).toBe(item.key.length * 3);
        expect(item.updated).toBeInstanceOf(Date);
        // Clocks of a server and the test may differ a little; a minute of slack still catches junk dates.
        expect(Math.abs(item.updated.getTime() - before)).toBeLessThan(60_000);
      }
      expect((await listAll(lake, 'p/a')).map((o) => o.key)).toEqual(['p/a-b', 'p/a/1', 'p/a/x/deep', 'p/ab']);
      expect((await listAll(lake, 'p')).map((o) => o.key)).toEqual([...expected, 'px/near-miss']);
      expect((await listAll(lake, '')).map((o) => o.key)).toEqual([...keys].sort(compareKeys));
      expect(await listAll(lake, 'nothing/here/')).toEqual([]);
    });

    it('tells existence, deletes, and deletes idempotently', async () => {
      expect(await lake.exists('d/one')).toBe(false);
      await lake.put('d/one', 'x');
      await lake.put('d/two', 'y');
      expect(await lake.exists('d/one')).toBe(true);
      expect(await lake.exists('d')).toBe(false);
      await lake.delete('d/one');
      await lake.delete('d/one');
      await lake.delete('d/never-written');
      expect(await lake.exists('d/one')).toBe(false);
      expect((await listAll(lake, 'd/')).map((o) => o.key)).toEqual(['d/two']);
    });

    it('fails a read of a missing object with a terminal LakeObjectNotFound', async () => {
      const error = await lake.get('missing/object').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LakeObjectNotFound);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as LakeObjectNotFound).retriable).toBe(false);
      expect((error as LakeObjectNotFound).key).toBe('missing/object');
      await expect(digestStream(lake.getStream('missing/object'))).rejects.toBeInstanceOf(LakeObjectNotFound);
    });

    it.each([
      ['a leading slash', '/raw/x'],
      ['a .. segment', 'raw/../x'],
      ['an empty segment', 'raw//x'],
      ['a trailing slash', 'raw/x/'],
      ['a dot segment', 'raw/./x'],
      ['a hidden segment', 'raw/.tmp-x'],
      ['a backslash', 'raw\\x'],
      ['the empty key', ''],
    ])('rejects a key with %s before touching the backend', async (_label, key) => {
      await expect(lake.put(key, 'x')).rejects.toBeInstanceOf(LakeKeyError);
      await expect(lake.putStream(key, Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(LakeKeyError);
      await expect(lake.get(key)).rejects.toBeInstanceOf(LakeKeyError);
      await expect(lake.exists(key)).rejects.toBeInstanceOf(LakeKeyError);
      await expect(lake.delete(key)).rejects.toBeInstanceOf(LakeKeyError);
      expect(() => lake.getStream(key)).toThrow(LakeKeyError);
    });

    it('rejects a list prefix that escapes the lake', () => {
      expect(() => lake.list('../')).toThrow(LakeKeyError);
      expect(() => lake.list('/raw')).toThrow(LakeKeyError);
    });

    it('streams a 20 MiB object in and out without either side holding it whole', async () => {
      const source = generatedChunks(7, 320, 64 * 1024);
      const written = await lake.putStream('big/dt=2024-05-06/run-0.bin', source.chunks());
      expect(written).toEqual({ key: 'big/dt=2024-05-06/run-0.bin', size: 20 * MiB });
      const read = await digestStream(lake.getStream('big/dt=2024-05-06/run-0.bin'));
      expect(read).toEqual({ sha256: source.digest(), size: 20 * MiB });
      expect((await listAll(lake, 'big/')).map((o) => o.size)).toEqual([20 * MiB]);
    });

    it('accepts a Node readable and string chunks as stream sources', async () => {
      await lake.putStream('s/readable.txt', Readable.from([Buffer.from('ab'), Buffer.from('cd')]));
      await lake.putStream(
        's/strings.txt',
        (async function* strings() {
          yield 'Ä';
          yield new Uint8Array([0x42]);
        })(),
      );
      expect((await lake.get('s/readable.txt')).toString()).toBe('abcd');
      expect((await lake.get('s/strings.txt')).toString()).toBe('ÄB');
    });

    it('stores the layout keys of docs/architecture.md verbatim and reads their partitions back', async () => {
      const keys = [
        rawKey({ source: 'prices', dt: '2024-03-01', runId: 'run-abc', n: 0 }),
        cleanKey({ table: 'prices_daily', dt: '2024-03-01', runId: 'run-abc', n: 1 }),
        quarantineKey({ source: 'prices', dt: '2024-03-01', runId: 'run-abc' }),
        streamKey({
          topic: 'news.raw',
          dt: '2024-03-01',
          hour: 7,
          partition: 2,
          firstOffset: '100',
          lastOffset: '199',
        }),
      ];
      expect(keys).toEqual([
        'raw/prices/dt=2024-03-01/run-abc-0.jsonl.gz',
        'clean/prices_daily/dt=2024-03-01/run-abc-1.parquet',
        'quarantine/prices/dt=2024-03-01/run-abc.jsonl',
        'stream/news.raw/dt=2024-03-01/hour=07/2-100-199.jsonl.gz',
      ]);
      for (const key of keys) await lake.put(key, key);
      expect((await listAll(lake, '')).map((o) => o.key)).toEqual([...keys].sort(compareKeys));
      const hourPrefix = partitionPrefix({ layer: 'stream', name: 'news.raw', dt: '2024-03-01', hour: 7 });
      const [streamObject] = await listAll(lake, hourPrefix);
      expect(parsePartition(streamObject!.key)).toEqual({
        layer: 'stream',
        name: 'news.raw',
        dt: '2024-03-01',
        hour: 7,
      });
      const [rawObject] = await listAll(lake, partitionPrefix({ layer: 'raw', name: 'prices', dt: '2024-03-01' }));
      expect(parsePartition(rawObject!.key)).toEqual({ layer: 'raw', name: 'prices', dt: '2024-03-01' });
    });

    it('leaves nothing visible when a stream source fails half way, and rethrows its error', async () => {
      const broken = new Error('source broke after 3 MiB');
      const source = generatedChunks(3, 48, 64 * 1024);
      async function* failing(): AsyncGenerator<Buffer> {
        yield* source.chunks();
        throw broken;
      }
      await expect(lake.putStream('h/dt=2024-01-01/run-0.jsonl.gz', failing())).rejects.toBe(broken);
      expect(await lake.exists('h/dt=2024-01-01/run-0.jsonl.gz')).toBe(false);
      expect(await listAll(lake, '')).toEqual([]);
      await expect(lake.get('h/dt=2024-01-01/run-0.jsonl.gz')).rejects.toBeInstanceOf(LakeObjectNotFound);
    });

    it('keeps the previous object whole when a rewrite fails half way', async () => {
      await lake.put('h/keep', 'the complete first version');
      const broken = new Error('rewrite broke');
      const source = generatedChunks(4, 24, 64 * 1024);
      async function* breakAfter(): AsyncGenerator<Buffer> {
        let n = 0;
        for await (const chunk of source.chunks()) {
          yield chunk;
          if (++n === 20) throw broken;
        }
      }
      await expect(lake.putStream('h/keep', breakAfter())).rejects.toBe(broken);
      expect((await lake.get('h/keep')).toString()).toBe('the complete first version');
      expect((await listAll(lake, 'h/')).map((o) => o.key)).toEqual(['h/keep']);
    });

    it('fails a stream with a bad chunk type as a TypeError and leaves nothing behind', async () => {
      const source = (async function* bad() {
        yield Buffer.from('fine');
        yield 42 as unknown as Buffer;
      })();
      await expect(lake.putStream('h/bad-chunk', source)).rejects.toBeInstanceOf(TypeError);
      expect(await listAll(lake, '')).toEqual([]);
    });

    it('ends concurrent writers to one key with one complete object of one of them, never a mix', async () => {
      const writers = [1, 2, 3, 4].map((seed) => generatedChunks(seed, 24, 64 * 1024));
      await Promise.all(writers.map((w) => lake.putStream('c/dt=2024-01-01/run-0.parquet', w.chunks())));
      const digests = writers.map((w) => w.digest());
      const read = await digestStream(lake.getStream('c/dt=2024-01-01/run-0.parquet'));
      expect(read.size).toBe(24 * 64 * 1024);
      expect(digests).toContain(read.sha256);
      expect((await listAll(lake, 'c/')).map((o) => o.key)).toEqual(['c/dt=2024-01-01/run-0.parquet']);
    });

    it('shows readers the old or the new object while a rewrite streams, never a part', async () => {
      const oldBody = Buffer.alloc(256 * 1024, 'o');
      await lake.put('r/object', oldBody);
      const next = generatedChunks(9, 40, 64 * 1024);
      let writing = true;
      const write = lake.putStream('r/object', next.chunks()).finally(() => {
        writing = false;
      });
      const seen = new Set<string>();
      let reads = 0;
      while (writing || reads === 0) {
        const body = await lake.get('r/object');
        reads++;
        seen.add(body.length === oldBody.length && body.equals(oldBody) ? 'old' : sha256(body));
      }
      await write;
      const newDigest = next.digest();
      seen.add(sha256(await lake.get('r/object')));
      expect([...seen].every((s) => s === 'old' || s === newDigest)).toBe(true);
      expect(seen.has(newDigest)).toBe(true);
    });
  });
}
