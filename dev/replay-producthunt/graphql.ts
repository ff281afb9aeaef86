/**
 * Just enough GraphQL for the replay server: the `posts` arguments, from `variables` when the
 * query uses them, else from literal arguments inlined in `posts(...)`.
 */

export interface PostsArgs {
  first: number;
  after?: string;
  postedAfter?: string;
  order?: string;
}

/** The `posts` arguments of a request body, or an error message GraphQL would answer. */
export function parsePostsRequest(body: unknown): { ok: true; args: PostsArgs } | { ok: false; message: string } {
  const { query, variables } = (body ?? {}) as { query?: unknown; variables?: unknown };
  if (typeof query !== 'string') return { ok: false, message: 'No query string was present' };
  const call = /\bposts\s*\(([^)]*)\)/.exec(query);
  if (call === null)
    return { ok: false, message: "Field 'posts' is missing from the query (only `posts` is replayed)" };
  const vars = (variables !== null && typeof variables === 'object' ? variables : {}) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const match of (call[1] ?? '').matchAll(/(\w+)\s*:\s*(\$\w+|"[^"]*"|\d+|[A-Z_]+)/g)) {
    const [, name, raw] = match as unknown as [string, string, string];
    if (raw.startsWith('$')) args[name] = vars[raw.slice(1)];
    else if (raw.startsWith('"')) args[name] = raw.slice(1, -1);
    else if (/^\d+$/.test(raw)) args[name] = Number(raw);
    else args[name] = raw;
  }
  const first = args.first ?? 20;
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 1 || first > 100)
    return { ok: false, message: `Argument 'first' must be an integer 1-100, got ${JSON.stringify(first)}` };
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    ok: true,
    args: { first, after: text(args.after), postedAfter: text(args.postedAfter), order: text(args.order) },
  };
}
