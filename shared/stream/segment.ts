import { open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import type { StreamMessage } from './types';

/**
 * The file log's on-disk record format: one JSON line per message, prefixed by the CRC-32 of the
 * JSON text, `<crc32 as 8 hex> {"o":offset,"t":ms,"k":key,"h":{...},"v":base64}\n`. The checksum and
 * the trailing newline let a reader tell a whole record from one torn by a crash mid-write; the
 * explicit offset catches a segment that was edited or spliced.
 */
export interface StoredRecord extends StreamMessage {
  offset: number;
}

/** One record as its line, newline included. */
export function encodeRecord(record: StoredRecord): string {
  const json = JSON.stringify({
    o: record.offset,
    t: record.timestamp,
    k: record.key,
    h: record.headers,
    v: record.value.toString('base64'),
  });
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

/** Parses one line (without its newline); undefined when the checksum or shape is wrong. */
export function decodeRecord(line: string): StoredRecord | undefined {
  if (line.length < 10 || line[8] !== ' ') return undefined;
  const json = line.slice(9);
  if (crc32(json).toString(16).padStart(8, '0') !== line.slice(0, 8)) return undefined;
  try {
    const raw = JSON.parse(json) as { o: unknown; t: unknown; k: unknown; h: unknown; v: unknown };
    if (
      typeof raw.o !== 'number' ||
      typeof raw.t !== 'number' ||
      typeof raw.k !== 'string' ||
      typeof raw.v !== 'string'
    ) {
      return undefined;
    }
    const headers = (raw.h ?? {}) as Record<string, string>;
    return { offset: raw.o, timestamp: raw.t, key: raw.k, headers, value: Buffer.from(raw.v, 'base64') };
  } catch {
    return undefined;
  }
}

/** What {@link readRecords} found. */
export interface ReadResult {
  records: StoredRecord[];
  /** Byte position just after the last record returned (where the next read starts). */
  nextByte: number;
  /** Offset of the next record to read. */
  nextOffset: number;
  /**
   * True when reading stopped at a complete line that is not a valid record with the expected offset:
   * a torn write left by a crash (the writer truncates it when it next opens) or real corruption.
   * An incomplete last line (no newline yet) is not flagged: it may be a write in progress.
   */
  invalid: boolean;
}

const newline = 0x0a;

/**
 * Reads up to `maxRecords` whole, valid records starting at byte `fromByte`, which must be the start
 * of the record with offset `fromOffset`. A missing file reads as empty. Reads about `maxBytes` at a
 * time, more when a single record is larger.
 */
export async function readRecords(
  path: string,
  fromByte: number,
  fromOffset: number,
  maxRecords: number,
  maxBytes = 1 << 20,
): Promise<ReadResult> {
  const result: ReadResult = { records: [], nextByte: fromByte, nextOffset: fromOffset, invalid: false };
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return result;
    throw error;
  }
  try {
    let want = maxBytes;
    while (result.records.length < maxRecords) {
      const buffer = Buffer.alloc(want);
      const { bytesRead } = await handle.read(buffer, 0, want, result.nextByte);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      let start = 0;
      let end: number;
      while (result.records.length < maxRecords && (end = chunk.indexOf(newline, start)) !== -1) {
        const record = decodeRecord(chunk.toString('utf8', start, end));
        if (!record || record.offset !== result.nextOffset) {
          result.invalid = true;
          return result;
        }
        result.records.push(record);
        result.nextByte += end + 1 - start;
        result.nextOffset += 1;
        start = end + 1;
      }
      if (start === 0) {
        // Not one whole line in the chunk: either the end of the file (a write in progress or a torn
        // tail) or a record larger than the chunk, so read a bigger one.
        if (bytesRead < want) break;
        want *= 2;
      } else if (bytesRead < want) {
        break;
      }
    }
    return result;
  } finally {
    await handle.close();
  }
}

/** Finds where the record with offset `offset` starts by scanning from the beginning. */
export async function locateOffset(
  path: string,
  offset: number,
): Promise<{ byte: number; offset: number; invalid: boolean }> {
  let byte = 0;
  let at = 0;
  while (at < offset) {
    const read = await readRecords(path, byte, at, Math.min(offset - at, 10_000));
    if (read.records.length === 0) return { byte, offset: at, invalid: read.invalid };
    byte = read.nextByte;
    at = read.nextOffset;
  }
  return { byte, offset: at, invalid: false };
}
