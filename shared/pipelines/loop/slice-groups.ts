/**
 * How the run loop batches slices into commit groups: one clean Parquet file per partition day and
 * one MERGE per table for a whole group, instead of per page (a 20-ticker x 3-year backfill used to
 * write ~15k tiny files and run a MERGE per page). Pure.
 */

/** Slices per commit group. */
export const DEFAULT_GROUP_SLICES = 500;

/** Valid rows a group may gather before it commits early (bounds memory). */
export const DEFAULT_GROUP_MAX_ROWS = 48_000;

/**
 * Orders a wave's slices by their first day (stable; slices without one keep their place after
 * those with one), so a group's rows share partition days and it writes few, larger files.
 */
export function byStartDay<T extends { slice: { from?: string } }>(items: readonly T[]): T[] {
  return items
    .map((item, position) => ({ item, position }))
    .sort((a, b) => {
      const x = a.item.slice.from;
      const y = b.item.slice.from;
      if (x !== y) {
        if (x === undefined) return 1;
        if (y === undefined) return -1;
        return x < y ? -1 : 1;
      }
      return a.position - b.position;
    })
    .map(({ item }) => item);
}

/** `items` cut into consecutive chunks of at most `size` (size >= 1). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`group size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** FNV-1a 32-bit of `text`, base 36: a short stable fingerprint. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36).padStart(7, '0');
}

/**
 * The object-name stem of a commit group: `<runId>-g<first slice index>-<fingerprint of its slice
 * ids>`. The same run committing the same slices again (a retry with the same run id) gets the same
 * name and overwrites its files; a different set of slices never takes another group's name.
 */
export function groupName(runId: string, members: readonly { index: number; id: string }[]): string {
  if (members.length === 0) throw new RangeError('a commit group needs at least one slice');
  const first = Math.min(...members.map((m) => m.index));
  const ids = members.map((m) => m.id).sort();
  return `${runId}-g${first}-${fingerprint(ids.join('\n'))}`;
}
