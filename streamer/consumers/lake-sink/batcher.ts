/**
 * The lake sink's batcher: a group commit by size and time. Each delivered batch is `add`ed and its
 * promise resolves only when the flush that holds it is durable, so shared/stream commits a batch's
 * offsets after its data is in the lake and the warehouse, never before (at least once, no loss).
 *
 * A flush starts when the pending batches hold `maxMessages` messages, or `lingerMs` after the
 * first pending batch arrived (0: on the next turn of the event loop, which gathers every batch
 * delivered in the same tick, e.g. the partitions of one fetch consumed concurrently, without a
 * fixed wait). Flushes run one at a time; batches arriving meanwhile form the next group, so the
 * groups grow with load by themselves. Why not wait longer for more: a consumer only gets a
 * partition's next batch after the current one resolves, so with one partition in flight, waiting
 * would only add latency; accumulation pays off across partitions consumed concurrently.
 */

export interface BatcherOptions<T> {
  /** Flush as soon as this many messages are pending (>= 1). */
  maxMessages: number;
  /** Longest wait after the first pending item before a flush starts, ms (0: next event-loop turn). */
  lingerMs: number;
  /** Messages in one item. */
  sizeOf(item: T): number;
  /** Makes the items durable; its rejection rejects every `add` of the group. */
  flush(items: T[]): Promise<void>;
}

export interface Batcher<T> {
  /** Resolves once a flush holding `item` succeeded; rejects with that flush's error. */
  add(item: T): Promise<void>;
  /** Flushes what is pending now and waits for every flush in progress. */
  drain(): Promise<void>;
}

interface Pending<T> {
  item: T;
  resolve(): void;
  reject(error: unknown): void;
}

/** A size/time group-commit batcher (see the module comment). */
export function createBatcher<T>(options: BatcherOptions<T>): Batcher<T> {
  if (!(options.maxMessages >= 1) || !(options.lingerMs >= 0))
    throw new RangeError('batcher: maxMessages must be >= 1 and lingerMs >= 0');
  let pending: Pending<T>[] = [];
  let pendingSize = 0;
  let timer: { cancel(): void } | undefined;
  let chain: Promise<void> = Promise.resolve();

  const schedule = () => {
    if (timer) return;
    if (options.lingerMs === 0) {
      const handle = setImmediate(startFlush);
      timer = { cancel: () => clearImmediate(handle) };
    } else {
      const handle = setTimeout(startFlush, options.lingerMs);
      timer = { cancel: () => clearTimeout(handle) };
    }
  };

  function startFlush(): Promise<void> {
    timer?.cancel();
    timer = undefined;
    const group = pending;
    pending = [];
    pendingSize = 0;
    if (group.length === 0) return chain;
    // One flush at a time: the next group waits for the previous one, whatever its outcome.
    chain = chain.then(async () => {
      try {
        await options.flush(group.map((p) => p.item));
        group.forEach((p) => p.resolve());
      } catch (error) {
        group.forEach((p) => p.reject(error));
      }
    });
    return chain;
  }

  return {
    add(item: T): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        pending.push({ item, resolve, reject });
        pendingSize += options.sizeOf(item);
        if (pendingSize >= options.maxMessages) void startFlush();
        else schedule();
      });
    },
    drain: () => startFlush(),
  };
}
