import { NewsMessage } from '../../shared/schemas/news';
import type { ConsumedMessage } from '../../shared/stream';

/** A `news` topic message decoded, with where it sat in the topic. */
export interface DecodedNews {
  message: NewsMessage;
  offset: string;
}

/** What could not be decoded: the offset and why (kept for logs; the raw bytes stay in the lake). */
export interface UndecodableNews {
  offset: string;
  reason: string;
}

/**
 * Decodes each message's value as a NewsMessage (JSON, UTF-8). The streamer validated it before
 * producing, so a failure here means a foreign producer or a schema drift: it is reported, never
 * thrown, so one poison message cannot stall its partition forever.
 */
export function decodeNewsMessages(messages: readonly ConsumedMessage[]): {
  decoded: DecodedNews[];
  undecodable: UndecodableNews[];
} {
  const decoded: DecodedNews[] = [];
  const undecodable: UndecodableNews[] = [];
  for (const m of messages) {
    let json: unknown;
    try {
      json = JSON.parse(m.value.toString('utf8'));
    } catch (error) {
      undecodable.push({ offset: m.offset, reason: `not JSON: ${(error as Error).message}` });
      continue;
    }
    const parsed = NewsMessage.safeParse(json);
    if (parsed.success) decoded.push({ message: parsed.data, offset: m.offset });
    else
      undecodable.push({
        offset: m.offset,
        reason: parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; '),
      });
  }
  return { decoded, undecodable };
}

/**
 * One entry per article id: the version with the newest `updated_at` (on a tie, the later offset,
 * i.e. the one produced last). A MERGE batch may hold each key once, and an older version must
 * never overwrite a newer one. Order of the result: first appearance of each id.
 */
export function latestVersions(items: readonly DecodedNews[]): DecodedNews[] {
  const byId = new Map<string, DecodedNews>();
  for (const item of items) {
    const seen = byId.get(item.message.article.id);
    if (!seen || Date.parse(item.message.article.updated_at) >= Date.parse(seen.message.article.updated_at))
      byId.set(item.message.article.id, item);
  }
  return [...byId.values()];
}
