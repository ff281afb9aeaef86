import { createBatcher } from './batcher';

function recording(options: { maxMessages?: number; lingerMs?: number; fail?: (items: string[]) => boolean } = {}) {
  const flushes: string[][] = [];
  let release: (() => void) | undefined;
  const gate = { hold: false };
  const batcher = createBatcher<string>({
    maxMessages: options.maxMessages ?? 100,
    lingerMs: options.lingerMs ?? 0,
    sizeOf: (item) => item.length,
    flush: async (items) => {
      flushes.push(items);
      if (gate.hold) await new Promise<void>((resolve) => (release = resolve));
      if (options.fail?.(items)) throw new Error(`flush of ${items.join(',')} failed`);
    },
  });
  return { batcher, flushes, gate, release: () => release?.() };
}

describe('lake sink batcher (group commit)', () => {
  it('flushes every batch added in the same turn of the event loop together', async () => {
    const { batcher, flushes } = recording();
    const adds = [batcher.add('a'), Promise.resolve().then(() => batcher.add('b')), batcher.add('c')];
    await Promise.all(adds);
    expect(flushes).toEqual([['a', 'c', 'b']]);
  });

  it('starts a flush at once when maxMessages are pending', async () => {
    const { batcher, flushes } = recording({ maxMessages: 4, lingerMs: 60_000 });
    await Promise.all([batcher.add('ab'), batcher.add('cd')]);
    expect(flushes).toEqual([['ab', 'cd']]);
  });

  it('waits lingerMs for company, and drain() flushes at once', async () => {
    const { batcher, flushes } = recording({ lingerMs: 60_000 });
    const added = batcher.add('a');
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushes).toEqual([]);
    await batcher.drain();
    await added;
    expect(flushes).toEqual([['a']]);
  });

  it('runs one flush at a time: what arrives meanwhile forms the next group', async () => {
    const { batcher, flushes, gate, release } = recording();
    gate.hold = true;
    const first = batcher.add('a');
    await new Promise((resolve) => setImmediate(resolve));
    const second = [batcher.add('b'), batcher.add('c')];
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushes).toEqual([['a']]);
    gate.hold = false;
    release();
    await Promise.all([first, ...second]);
    expect(flushes).toEqual([['a'], ['b', 'c']]);
  });

  it('rejects every batch of a failed flush, and the next group still flushes', async () => {
    const { batcher, flushes } = recording({ fail: (items) => items.includes('bad') });
    const results = await Promise.allSettled([batcher.add('bad'), batcher.add('ok')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await batcher.add('later');
    expect(flushes).toEqual([['bad', 'ok'], ['later']]);
  });

  it('refuses limits that make no sense', () => {
    expect(() => createBatcher({ maxMessages: 0, lingerMs: 0, sizeOf: () => 1, flush: async () => undefined })).toThrow(
      RangeError,
    );
  });
});
