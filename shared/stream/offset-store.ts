import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, StorageError } from '../errors';

/**
 * Committed offsets of the file log's consumer groups, one small file per group and partition:
 * `<dir>/groups/<group>/<topic>-<partition>.offset` holding the next offset to read (last handled + 1,
 * as Kafka commits). Each commit writes a temporary file, fsyncs it and renames it over the old one,
 * so a crash leaves either the old or the new offset, never a torn one.
 */
export class OffsetStore {
  constructor(private readonly dir: string) {}

  /** The next offset to read, or undefined when the group never committed on this partition. */
  async read(groupId: string, topic: string, partition: number): Promise<number | undefined> {
    let text: string;
    try {
      text = await readFile(this.path(groupId, topic, partition), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new StorageError('file log: cannot read a committed offset', {
        retriable: true,
        cause: error,
        context: { groupId, topic, partition },
      });
    }
    const offset = Number(text.trim());
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw new StorageError(`file log: committed offset file holds ${JSON.stringify(text)}`, {
        retriable: false,
        context: { groupId, topic, partition },
      });
    }
    return offset;
  }

  async write(groupId: string, topic: string, partition: number, nextOffset: number): Promise<void> {
    const target = this.path(groupId, topic, partition);
    const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await mkdir(this.groupDir(groupId), { recursive: true });
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(`${nextOffset}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
      const dirHandle = await open(this.groupDir(groupId), 'r');
      try {
        await dirHandle.sync();
      } finally {
        await dirHandle.close();
      }
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw new StorageError('file log: cannot commit an offset', {
        retriable: true,
        cause: error,
        context: { groupId, topic, partition, nextOffset },
      });
    }
  }

  private groupDir(groupId: string): string {
    return join(this.dir, 'groups', encodeGroupId(groupId));
  }

  private path(groupId: string, topic: string, partition: number): string {
    return join(this.groupDir(groupId), `${topic}-${partition}.offset`);
  }
}

/** A group id as a directory name: percent-encoded, so any id maps to one safe, distinct name. */
export function encodeGroupId(groupId: string): string {
  if (groupId === '' || groupId === '.' || groupId === '..') {
    const problem = `illegal consumer group id ${JSON.stringify(groupId)}`;
    throw new ConfigError(problem, [problem]);
  }
  return encodeURIComponent(groupId);
}
