/**
 * The deterministic launches the Product Hunt replay server serves: a pure function of the seed,
 * so the server and expected.ts agree. Newest first; every 4th post has a null description, every
 * 3rd a null featuredAt (not featured), every 10th a null website.
 */

export interface ReplayPostsOptions {
  /** Default 1. */
  seed?: number | string;
  /** How many posts exist. Default 45. */
  posts?: number;
  /** createdAt of the newest post (ISO instant). Default '2024-06-14T12:00:00.000Z'. Posts are 3 h apart. */
  latest?: string;
}

/** A post node exactly as the replay server answers it (Product Hunt's field names). */
export interface ReplayPost {
  id: string;
  name: string;
  tagline: string;
  description: string | null;
  slug: string;
  url: string;
  website: string | null;
  votesCount: number;
  commentsCount: number;
  createdAt: string;
  featuredAt: string | null;
  topics: { edges: { node: { name: string } }[] };
}

export const DEFAULT_LATEST = '2024-06-14T12:00:00.000Z';
const TOPICS = [
  'Productivity',
  'Developer Tools',
  'Artificial Intelligence',
  'Design Tools',
  'Marketing',
  'Fintech',
  'Health',
  'Open Source',
];
const WORDS = [
  'Nimbus',
  'Quill',
  'Orbit',
  'Pixel',
  'Relay',
  'Sprout',
  'Vector',
  'Lumen',
  'Cobalt',
  'Ember',
  'Harbor',
  'Zephyr',
];

/** A 32-bit hash of the seed and a label, as a generator of uniform ints. */
function draw(seed: number | string, label: string): (n: number) => number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}|${label}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return (n: number) => {
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return (h >>> 0) % n;
  };
}

/** Every post, newest first. */
export function replayPosts(options: ReplayPostsOptions = {}): ReplayPost[] {
  const seed = options.seed ?? 1;
  const count = options.posts ?? 45;
  const latestMs = Date.parse(options.latest ?? DEFAULT_LATEST);
  const posts: ReplayPost[] = [];
  for (let i = 0; i < count; i++) {
    const rand = draw(seed, `post-${i}`);
    const id = String(400_000 + (count - i) * 7 + rand(7));
    const name = `${WORDS[rand(WORDS.length)]} ${WORDS[rand(WORDS.length)]} ${i}`;
    const slug = name.toLowerCase().replace(/\s+/g, '-');
    const createdMs = latestMs - i * 3 * 3_600_000;
    const topicCount = rand(4);
    const topics: string[] = [];
    for (let t = 0; t < topicCount; t++) {
      const topic = TOPICS[(rand(TOPICS.length) + t) % TOPICS.length] as string;
      if (!topics.includes(topic)) topics.push(topic);
    }
    posts.push({
      id,
      name,
      tagline: `The ${name.toLowerCase()} for teams`,
      description: i % 4 === 1 ? null : `${name} helps you ship faster. Launch ${i}.`,
      slug,
      url: `https://www.producthunt.com/posts/${slug}`,
      website: i % 10 === 3 ? null : `https://www.producthunt.com/r/${id}`,
      votesCount: rand(900),
      commentsCount: rand(120),
      createdAt: new Date(createdMs).toISOString(),
      featuredAt: i % 3 === 2 ? null : new Date(createdMs + 3_600_000).toISOString(),
      topics: { edges: topics.map((topicName) => ({ node: { name: topicName } })) },
    });
  }
  return posts;
}

/** Product Hunt's connection cursors are base64 of the 1-based position ('MQ==' is the first). */
export function cursorOf(position: number): string {
  return Buffer.from(String(position)).toString('base64');
}

/** The 1-based position a cursor names, or undefined for a cursor we did not issue. */
export function positionOf(cursor: string): number | undefined {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  return /^\d+$/.test(text) && cursorOf(Number(text)) === cursor ? Number(text) : undefined;
}
