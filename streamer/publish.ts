import type { Logger } from '../shared/log/types';
import { checkNewsArticle, type NewsMessage, type NewsVia } from '../shared/schemas/news';
import type { ValidationIssue } from '../shared/schemas/quarantine';
import { alpacaNewsToCandidate } from '../shared/sources/alpaca-news';
import type { OutgoingMessage, Producer } from '../shared/stream';
import { RecentKeys } from './dedupe';

/** Header of a dead-lettered message: JSON array of `ValidationIssue` saying why. */
export const DLQ_REASON_HEADER = 'x-dlq-reason';
/** Header of every message: 'stream' or 'rest' (how the record reached us). */
export const VIA_HEADER = 'x-via';
/** Header of every message: ISO-8601 instant the streamer received the record. */
export const RECEIVED_AT_HEADER = 'x-received-at';

export interface PublisherOptions {
  producer: Producer;
  /** Valid articles: value = NewsMessage JSON, key = article id. */
  topic: string;
  /** Invalid records and frames: value = the record (or frame text) as received. */
  dlqTopic: string;
  logger: Logger;
  now: () => number;
  /** Most messages per producer send. Default 500. */
  maxBatch?: number;
  /**
   * Most value bytes per producer send (at least one message goes, whatever its size). Default
   * 900 000: under Kafka's default 1 MiB record-batch limit (message.max.bytes) even when every
   * message lands in one partition, so a run of long articles is never refused as too large.
   */
  maxBatchBytes?: number;
  /** Recent keys remembered for dedupe. Default 100 000. */
  dedupeCapacity?: number;
  /** Wait after a send failed before trying the same messages again, ms. Default 1000. */
  retryDelayMs?: number;
}

/** What `accept` did with a record. */
export type AcceptResult = 'queued' | 'duplicate' | 'dead-lettered';

/** Counters for /healthz; all since start. */
export interface PublisherStats {
  published: number;
  dlq: number;
  duplicates: number;
  /** Accepted but not yet durable. */
  pending: number;
  /** created_at (ms) of the newest valid article accepted, or null. */
  latestCreatedAtMs: number | null;
  /** receive time minus created_at of the latest valid article, ms, or null. */
  lagMs: number | null;
  /** Since when sends have been failing (ms since the epoch), or null when they succeed. */
  failingSince: number | null;
}

interface Queued {
  topic: string;
  message: OutgoingMessage & { value: Buffer };
  dlq: boolean;
}

/**
 * Validate -> keyed produce | dead-letter. Records are deduplicated by (id, updated_at) over the
 * recent past, so the same article from the stream and from a REST catch-up is sent once, while a
 * newer version of an article still goes through. Sends are batched: while one producer send is in
 * flight, accepted records queue up and go in the next. A failed send is retried (same messages,
 * same order) until it succeeds or `close` gives up.
 */
export class Publisher {
  private readonly recent: RecentKeys;
  private queue: Queued[] = [];
  private pump: Promise<void> | undefined;
  private closed = false;
  private readonly counters = { published: 0, dlq: 0, duplicates: 0 };
  private latestCreatedAtMs: number | null = null;
  private lagMs: number | null = null;
  private failingSince: number | null = null;
  private idleWaiters: (() => void)[] = [];
  private lastIso: { ms: number; iso: string } | undefined;

  constructor(private readonly options: PublisherOptions) {
    this.recent = new RecentKeys(options.dedupeCapacity ?? 100_000);
  }

  /** Validates one untrusted Alpaca record (stream `n` object or REST article) and queues it. */
  accept(record: unknown, via: NewsVia, receivedAtMs: number): AcceptResult {
    const receivedAt = this.isoOf(receivedAtMs);
    const raw = stripType(record);
    const mapped = alpacaNewsToCandidate(raw);
    const verdict = mapped.ok ? checkNewsArticle(mapped.row) : { ok: false as const, issues: mapped.issues };
    if (!verdict.ok) {
      const id = (raw as { id?: unknown } | null)?.id;
      const key = typeof id === 'number' || typeof id === 'string' ? String(id) : 'unkeyed';
      if (key !== 'unkeyed' && this.recent.seen(`dlq|${key}`)) return this.duplicate();
      this.deadLetter(key, JSON.stringify(raw ?? null), verdict.issues, via, receivedAt);
      return 'dead-lettered';
    }
    const { article } = verdict;
    if (this.recent.seen(`${article.id}|${article.updated_at}`)) return this.duplicate();
    const createdMs = Date.parse(article.created_at);
    if (this.latestCreatedAtMs === null || createdMs >= this.latestCreatedAtMs) {
      this.latestCreatedAtMs = createdMs;
      this.lagMs = Math.max(0, receivedAtMs - createdMs);
    }
    const value: NewsMessage = { article, raw, received_at: receivedAt, via };
    // As bytes once, here: the send limit counts them and kafkajs then copies them as they are.
    this.enqueue({
      topic: this.options.topic,
      dlq: false,
      message: {
        key: article.id,
        value: Buffer.from(JSON.stringify(value), 'utf8'),
        headers: { [VIA_HEADER]: via, [RECEIVED_AT_HEADER]: receivedAt },
      },
    });
    return 'queued';
  }

  /** A frame that is not a JSON array of protocol objects: dead-lettered verbatim. */
  acceptBadFrame(frame: string, receivedAtMs: number): void {
    const issue: ValidationIssue = {
      path: '',
      code: 'invalid_frame',
      message: 'frame is not a JSON array of {T: ...} objects',
    };
    this.deadLetter('frame', frame, [issue], 'stream', new Date(receivedAtMs).toISOString());
  }

  /** Resolves once everything accepted before the call is durable (or `close` gave up on it). */
  flush(): Promise<void> {
    if (this.queue.length === 0 && this.pump === undefined) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Flushes for at most `timeoutMs`, then stops retrying; returns how many messages were left unsent. */
  async close(timeoutMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.flush(), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    this.closed = true;
    const left = this.queue.length;
    if (left > 0) this.options.logger.error('news publisher closed with unsent messages', { unsent: left });
    return left;
  }

  stats(): PublisherStats {
    return {
      ...this.counters,
      pending: this.queue.length,
      latestCreatedAtMs: this.latestCreatedAtMs,
      lagMs: this.lagMs,
      failingSince: this.failingSince,
    };
  }

  /** ISO-8601 of `ms`; the articles of one frame share a receive time, so the last one is kept. */
  private isoOf(ms: number): string {
    if (this.lastIso?.ms !== ms) this.lastIso = { ms, iso: new Date(ms).toISOString() };
    return this.lastIso.iso;
  }

  private duplicate(): AcceptResult {
    this.counters.duplicates += 1;
    return 'duplicate';
  }

  private deadLetter(key: string, value: string, issues: ValidationIssue[], via: NewsVia, receivedAt: string): void {
    this.options.logger.warn('news record dead-lettered', { key, via, issues: issues.slice(0, 5) });
    this.enqueue({
      topic: this.options.dlqTopic,
      dlq: true,
      message: {
        key,
        value: Buffer.from(value, 'utf8'),
        headers: { [DLQ_REASON_HEADER]: JSON.stringify(issues), [VIA_HEADER]: via, [RECEIVED_AT_HEADER]: receivedAt },
      },
    });
  }

  private enqueue(item: Queued): void {
    this.queue.push(item);
    this.pump ??= this.drain().finally(() => {
      this.pump = undefined;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    });
  }

  private async drain(): Promise<void> {
    const maxBatch = this.options.maxBatch ?? 500;
    const maxBytes = this.options.maxBatchBytes ?? 900_000;
    while (this.queue.length > 0 && !this.closed) {
      let size = 1;
      let bytes = this.queue[0]!.message.value.length;
      while (size < this.queue.length && size < maxBatch && bytes + this.queue[size]!.message.value.length <= maxBytes)
        bytes += this.queue[size++]!.message.value.length;
      const batch = this.queue.slice(0, size);
      // Per topic, so that when one topic's send fails only its messages are sent again.
      const sent = new Set<Queued>();
      let failure: unknown;
      for (const topic of [...new Set(batch.map((item) => item.topic))]) {
        const group = batch.filter((item) => item.topic === topic);
        try {
          await this.options.producer.send(
            topic,
            group.map((item) => item.message),
          );
        } catch (error) {
          failure = error;
          break;
        }
        for (const item of group) {
          sent.add(item);
          this.counters[item.dlq ? 'dlq' : 'published'] += 1;
        }
      }
      // The batch is the queue's head: what it failed to send stays in front, in order.
      this.queue =
        sent.size === batch.length
          ? this.queue.slice(batch.length)
          : batch.filter((item) => !sent.has(item)).concat(this.queue.slice(batch.length));
      if (failure === undefined) {
        this.failingSince = null;
        continue;
      }
      this.failingSince ??= this.options.now();
      this.options.logger.error('news publish failed; retrying', {
        error: (failure as Error).message,
        unsent: this.queue.length,
      });
      await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs ?? 1_000));
    }
  }
}

function stripType(record: unknown): unknown {
  if (record === null || typeof record !== 'object' || Array.isArray(record) || !('T' in record)) return record;
  const { T: _type, ...rest } = record as Record<string, unknown>;
  return rest;
}
