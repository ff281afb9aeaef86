import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StorageError } from '../errors';
import { createEventPublisher } from './index';
import { createLocalEventPublisher, type LocalEventLine } from './local-dir';

describe('local event publisher', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'events-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends one JSON line per event, concurrent publishes included, and returns distinct ids', async () => {
    const events = createLocalEventPublisher({
      dir: join(dir, 'nested'),
      now: () => Date.parse('2024-09-17T10:00:00Z'),
    });
    const ids = await Promise.all(
      Array.from({ length: 50 }, (_, i) => events.publish('news-signals', { n: i }, { article_id: String(i) })),
    );
    await events.close();
    const lines = readFileSync(join(dir, 'nested', 'news-signals.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as LocalEventLine);
    expect(new Set(ids).size).toBe(50);
    expect(lines.map((l) => l.id).sort()).toEqual([...ids].sort());
    expect(lines.map((l) => (l.event as { n: number }).n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    );
    expect(lines[0]).toMatchObject({
      topic: 'news-signals',
      published_at: '2024-09-17T10:00:00.000Z',
      attributes: { article_id: expect.any(String) },
    });
  });

  it('rejects a topic that could leave the folder, and publishes after close', async () => {
    const events = createLocalEventPublisher({ dir });
    await expect(events.publish('../escape', {})).rejects.toBeInstanceOf(StorageError);
    await events.close();
    await expect(events.publish('ok-topic', {})).rejects.toMatchObject({ retriable: false });
  });

  it('is what createEventPublisher picks when no Pub/Sub is configured', () => {
    expect(createEventPublisher({}, { dir }).kind).toBe('local');
    const pubsub = createEventPublisher({ projectId: 'p', emulatorHost: '127.0.0.1:1' }, { dir });
    expect(pubsub.describe()).toBe('pubsub project=p emulator=127.0.0.1:1');
    return pubsub.close();
  });
});
