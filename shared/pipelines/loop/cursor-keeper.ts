/**
 * The run's view of its cursors: where each scope stands (`current`, for `advance`), what is known
 * to be stored (`persisted`: the summary's cursorAfter never names a cursor whose write failed),
 * and which failed slices stored a resume point.
 */
import { describeError } from './errors';
import type { CursorStore } from './cursor-store';
import type { Logger } from '../../log/types';
import type { Slice } from './types';

/** One run's cursors over `cursorStore`, advanced with the definition's `advance`. */
export class CursorKeeper<Cursor> {
  private readonly current: Map<string, Cursor>;
  private readonly persisted: Map<string, Cursor>;
  private readonly resumedSlices = new Set<string>();

  constructor(
    private readonly cursorStore: CursorStore<Cursor>,
    /** The definition's pure cursor update: a slice finishing out of order never moves one back. */
    private readonly advance: (current: Cursor | undefined, next: Cursor) => Cursor,
    private readonly runId: string,
    initial: ReadonlyMap<string, Cursor>,
  ) {
    this.current = new Map(initial);
    this.persisted = new Map(initial);
  }

  /** Stores the advanced cursors of `entries` in one batch; rejects with the store's error. */
  async store(entries: readonly { scope: string; next: Cursor }[]): Promise<void> {
    const rows = entries.map(({ scope, next }) => {
      const cursor = this.advance(this.current.get(scope), next);
      this.current.set(scope, cursor);
      return { scope, cursor };
    });
    await this.cursorStore.advance(rows, this.runId);
    for (const { scope, cursor } of rows) this.persisted.set(scope, cursor);
  }

  /**
   * Stores the resume points `resumeCursor` gives for failed slices (e.g. after a rate-limit stop),
   * so the next run goes on from there. Never rejects: a failed write is logged.
   */
  async storeResumes(
    failed: readonly { slice: Slice<Cursor>; error: unknown }[],
    resumeCursor: ((error: unknown, slice: Slice<Cursor>) => Cursor | undefined) | undefined,
    log: Logger,
  ): Promise<void> {
    const entries = failed.flatMap(({ slice, error }) => {
      const resume = resumeCursor?.(error, slice);
      return resume === undefined ? [] : [{ scope: slice.scope, next: resume, id: slice.id }];
    });
    if (entries.length === 0) return;
    try {
      await this.store(entries);
      for (const e of entries) {
        this.resumedSlices.add(e.id);
        log.info('resume point stored', { slice: e.id });
      }
    } catch (cursorError) {
      for (const e of entries)
        log.error('resume point could not be stored', { slice: e.id, error: describeError(cursorError) });
    }
  }

  /** Whether slice `id` stored a resume point. */
  resumed(id: string): boolean {
    return this.resumedSlices.has(id);
  }

  /** The stored cursors of `scopes` that have one. */
  persistedOf(scopes: readonly string[]): Record<string, unknown> {
    return Object.fromEntries(scopes.filter((s) => this.persisted.has(s)).map((s) => [s, this.persisted.get(s)]));
  }
}
