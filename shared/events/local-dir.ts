import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { StorageError } from '../errors';
import { toEventError } from './errors';
import type { EventAttributes, EventPublisher } from './types';

/** Options of {@link createLocalEventPublisher}. */
export interface LocalEventPublisherOptions {
  /** Folder of `<topic>.jsonl` files; created when missing. */
  dir: string;
  /** Message ids; default random UUIDs. */
  newId?: () => string;
  now?: () => number;
}

/** One line of a local topic file. */
export interface LocalEventLine {
  id: string;
  topic: string;
  /** ISO-8601 UTC. */
  published_at: string;
  attributes: Record<string, string>;
  event: unknown;
}

const TOPIC = /^[A-Za-z0-9][A-Za-z0-9._~+%-]{0,254}$/;

/**
 * Events as JSON lines appended to `<dir>/<topic>.jsonl` (one {@link LocalEventLine} per event),
 * for runs without Pub/Sub. Appends to one file are serialised and group-committed: every publish
 * waiting at the same moment shares one write and one fsync, then all resolve. A topic name that
 * could escape the folder is rejected (terminal StorageError).
 */
export function createLocalEventPublisher(options: LocalEventPublisherOptions): EventPublisher {
  const newId = options.newId ?? randomUUID;
  const now = options.now ?? Date.now;
  const queues = new Map<
    string,
    {
      lines: string[];
      waiters: { resolve: () => void; reject: (e: unknown) => void }[];
      running: Promise<void> | undefined;
    }
  >();
  let closed = false;
  let madeDir: Promise<unknown> | undefined;

  const drain = async (topic: string): Promise<void> => {
    const queue = queues.get(topic)!;
    while (queue.lines.length > 0) {
      const lines = queue.lines.splice(0);
      const waiters = queue.waiters.splice(0);
      try {
        await (madeDir ??= fs.mkdir(options.dir, { recursive: true }));
        const handle = await fs.open(path.join(options.dir, `${topic}.jsonl`), 'a');
        try {
          await handle.appendFile(lines.join(''), 'utf8');
          await handle.datasync();
        } finally {
          await handle.close();
        }
        waiters.forEach((w) => w.resolve());
      } catch (error) {
        madeDir = undefined;
        waiters.forEach((w) => w.reject(error));
      }
    }
  };

  return {
    kind: 'local',
    describe: () => `local events dir=${options.dir}`,
    async publish(topic: string, event: object, attributes: EventAttributes = {}): Promise<string> {
      if (closed) throw new StorageError('events: publisher is closed', { retriable: false, context: { topic } });
      if (!TOPIC.test(topic))
        throw new StorageError(`events: illegal topic name ${JSON.stringify(topic)}`, {
          retriable: false,
          context: { topic },
        });
      const id = newId();
      const line: LocalEventLine = {
        id,
        topic,
        published_at: new Date(now()).toISOString(),
        attributes: { ...attributes },
        event,
      };
      let queue = queues.get(topic);
      if (!queue) queues.set(topic, (queue = { lines: [], waiters: [], running: undefined }));
      const written = new Promise<void>((resolve, reject) => queue!.waiters.push({ resolve, reject }));
      queue.lines.push(`${JSON.stringify(line)}\n`);
      queue.running ??= drain(topic).finally(() => (queue!.running = undefined));
      try {
        await written;
      } catch (error) {
        throw toEventError(error, `events: cannot append to ${topic}.jsonl`, { topic, dir: options.dir });
      }
      return id;
    },
    async close(): Promise<void> {
      closed = true;
      await Promise.all([...queues.values()].flatMap((q) => (q.running ? [q.running] : [])));
    },
  };
}
