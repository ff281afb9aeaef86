import { open, type FileHandle } from 'node:fs/promises';
import type { Logger } from '../log/types';
import { StorageError } from '../errors';
import { decodeRecord, encodeRecord, readRecords } from './segment';
import type { StreamMessage } from './types';

/**
 * The single appender of one topic-partition segment file. Opening it recovers the file: a torn tail
 * left by a crash mid-write (an incomplete or checksum-failing last record) is cut off, so new records
 * follow the last whole one; a bad record FOLLOWED by good ones is corruption, not a torn write, and
 * opening fails rather than destroy data. Appends are serialized and fsynced before they resolve.
 */
export class SegmentWriter {
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
    private nextOffset: number,
    private size: number,
  ) {}

  static async open(path: string, logger: Logger): Promise<SegmentWriter> {
    let byte = 0;
    let offset = 0;
    for (;;) {
      const read = await readRecords(path, byte, offset, 10_000);
      byte = read.nextByte;
      offset = read.nextOffset;
      if (read.records.length === 0) break;
    }
    const handle = await open(path, 'a+');
    try {
      const { size } = await handle.stat();
      if (size > byte) {
        const rest = Buffer.alloc(size - byte);
        await handle.read(rest, 0, rest.length, byte);
        const laterLines = rest.toString('utf8').split('\n').slice(1);
        if (laterLines.some((line) => decodeRecord(line) !== undefined)) {
          throw new StorageError(
            `file log segment ${path} is corrupt at byte ${byte}: a bad record is followed by good ones`,
            {
              retriable: false,
              context: { path, byte },
            },
          );
        }
        logger.warn('file log: discarding a torn record at the end of a segment (a crash interrupted a write)', {
          path,
          byte,
          discardedBytes: size - byte,
        });
        await handle.truncate(byte);
        await handle.sync();
      }
      return new SegmentWriter(path, handle, offset, byte);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Appends the messages in order and fsyncs; resolves with the offset of the first one. */
  append(messages: readonly StreamMessage[]): Promise<number> {
    const run = this.tail.then(async () => {
      const first = this.nextOffset;
      const text = messages.map((message, i) => encodeRecord({ ...message, offset: first + i })).join('');
      const bytes = Buffer.from(text, 'utf8');
      try {
        // 'a' mode: the position argument is ignored and every write goes to the end of the file.
        let written = 0;
        while (written < bytes.length) {
          const { bytesWritten } = await this.handle.write(bytes, written, bytes.length - written);
          written += bytesWritten;
        }
        await this.handle.sync();
      } catch (cause) {
        // Cut back to the last whole record so the next append does not follow a partial one.
        await this.handle.truncate(this.size).catch(() => undefined);
        throw new StorageError(`file log: append to ${this.path} failed`, {
          retriable: true,
          cause,
          context: { path: this.path },
        });
      }
      this.size += bytes.length;
      this.nextOffset = first + messages.length;
      return first;
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Offset the next appended record will get (= number of records in the segment). */
  get endOffset(): number {
    return this.nextOffset;
  }

  async close(): Promise<void> {
    await this.tail;
    await this.handle.close();
  }
}
