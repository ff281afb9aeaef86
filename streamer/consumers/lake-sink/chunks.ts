/**
 * Where a lake object starts and ends: how the sink cuts one partition's delivered messages
 * (contiguous offsets) into objects. An object closes at whichever comes first: `maxMessages`
 * messages; a message whose Kafka timestamp is `maxSpanMs` or more after the object's first
 * message (after an outage, a long backlog lands in time-bounded files); a message in another UTC
 * hour than the first (every object sits in the hour folder of its data). Pure and deterministic:
 * the same messages from the same first offset give the same chunks.
 */
import type { ConsumedMessage } from '../../../shared/stream';

/** Limits of one chunk. */
export interface ChunkLimits {
  /** Most messages per chunk (>= 1). */
  maxMessages: number;
  /** Most event-time span per chunk, ms (>= 1). */
  maxSpanMs: number;
}

/** Messages that become one lake object, plus where the object goes. */
export interface Chunk {
  messages: ConsumedMessage[];
  firstOffset: string;
  lastOffset: string;
  /** 'YYYY-MM-DD' and 0-23 of the first message's Kafka timestamp (UTC). */
  dt: string;
  hour: number;
}

/** The UTC day and hour of a Kafka timestamp (ms); an invalid timestamp counts as the epoch. */
export function dtHourOf(timestampMs: number): { dt: string; hour: number } {
  const at = new Date(Number.isFinite(timestampMs) && timestampMs >= 0 ? timestampMs : 0);
  return { dt: at.toISOString().slice(0, 10), hour: at.getUTCHours() };
}

/**
 * Hours since the epoch of a Kafka timestamp (ms), invalid counting as the epoch, as dtHourOf does:
 * equal exactly when dtHourOf's day and hour are (UTC has no DST), without formatting a date per
 * message.
 */
function hourIndexOf(timestampMs: number): number {
  return Number.isFinite(timestampMs) && timestampMs >= 0 ? Math.floor(timestampMs / 3_600_000) : 0;
}

/**
 * The chunk that starts at `messages[from]`, closing by the limits above, or earlier at
 * `stopAtOffset` (inclusive) when given: the sink passes the end of an object a previous attempt
 * left for the same first offset, so a redelivery rewrites exactly that object.
 * @throws RangeError when `from` is out of range or a limit is below 1 (programming errors).
 */
export function nextChunk(
  messages: readonly ConsumedMessage[],
  from: number,
  limits: ChunkLimits,
  stopAtOffset?: string,
): Chunk {
  if (!(from >= 0 && from < messages.length))
    throw new RangeError(`chunk start ${from} outside 0..${messages.length - 1}`);
  if (!(limits.maxMessages >= 1 && limits.maxSpanMs >= 1)) throw new RangeError('chunk limits must be at least 1');
  const first = messages[from]!;
  const start = dtHourOf(first.timestamp);
  const startHour = hourIndexOf(first.timestamp);
  const stop = stopAtOffset === undefined ? undefined : BigInt(stopAtOffset);
  let end = from; // inclusive
  while (end + 1 < messages.length && end + 1 - from < limits.maxMessages) {
    if (stop !== undefined && BigInt(messages[end]!.offset) >= stop) break;
    const next = messages[end + 1]!;
    if (next.timestamp - first.timestamp >= limits.maxSpanMs) break;
    if (hourIndexOf(next.timestamp) !== startHour) break;
    end += 1;
  }
  const chunkMessages = messages.slice(from, end + 1);
  return {
    messages: chunkMessages,
    firstOffset: first.offset,
    lastOffset: chunkMessages[chunkMessages.length - 1]!.offset,
    ...start,
  };
}

/** Every chunk of `messages` under `limits`, in order (no previous-attempt alignment). */
export function planChunks(messages: readonly ConsumedMessage[], limits: ChunkLimits): Chunk[] {
  const chunks: Chunk[] = [];
  for (let i = 0; i < messages.length; i += chunks[chunks.length - 1]!.messages.length)
    chunks.push(nextChunk(messages, i, limits));
  return chunks;
}

const NEWLINE = Buffer.from('\n');

/**
 * The values as JSON lines: one per line, a line break inside a value (CRLF or LF) becoming a
 * space. A value without one (every JSON the streamer writes) is copied as bytes, not decoded.
 */
export function jsonLines(messages: readonly ConsumedMessage[]): Buffer {
  const parts: Buffer[] = [];
  for (const { value } of messages) {
    parts.push(
      value.includes(0x0a) ? Buffer.from(value.toString('utf8').replace(/\r?\n/g, ' '), 'utf8') : value,
      NEWLINE,
    );
  }
  return Buffer.concat(parts);
}
