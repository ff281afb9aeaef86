/**
 * The file log's partitioner: FNV-1a (32-bit) of the key's UTF-8 bytes, modulo the partition count.
 * Stable across processes and versions, so the same key always lands in the same partition. It is
 * not Kafka's murmur2 (a key may land in a different partition number on Kafka), which nothing relies on.
 */
export function partitionForKey(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}
