/**
 * The `query` command's guard: one SELECT (or WITH ... SELECT) statement and nothing that writes.
 * It reads the SQL with string literals, quoted identifiers and comments masked, so a keyword
 * inside a literal ('DROP TABLE') never trips it, and a statement hidden after a `;` or inside a
 * CTE (`WITH x AS (...) DELETE ...`) is refused. The warehouse connection itself is not read-only,
 * so this is the line of defence: it errs on the side of refusing.
 */

/** Words that start a writing or session-changing statement on DuckDB or BigQuery. */
const WRITING_KEYWORDS = [
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'CREATE',
  'DROP',
  'ALTER',
  'TRUNCATE',
  'COPY',
  'ATTACH',
  'DETACH',
  'INSTALL',
  'LOAD',
  'PRAGMA',
  'CALL',
  'EXPORT',
  'IMPORT',
  'GRANT',
  'REVOKE',
  'VACUUM',
  'CHECKPOINT',
  'SET',
  'RESET',
  'EXECUTE',
];
const WRITING = new RegExp(`\\b(${WRITING_KEYWORDS.join('|')})\\b`, 'i');

/** The verdict on one SQL text. */
export type ReadOnlyVerdict = { ok: true; sql: string } | { ok: false; reason: string };

/** Replaces literals, quoted identifiers and comments by blanks of the same length. */
export function maskSql(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'?|"(?:[^"]|"")*"?|`[^`]*`?|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/g, (part) =>
    ' '.repeat(part.length),
  );
}

/**
 * Accepts a single read-only query and returns it without trailing semicolons; refuses anything
 * else with a reason a person can act on.
 */
export function checkReadOnlySql(sql: string): ReadOnlyVerdict {
  const masked = maskSql(sql).replace(/[\s;]+$/, '');
  if (masked.trim() === '') return { ok: false, reason: 'the query is empty' };
  if (masked.includes(';')) return { ok: false, reason: 'only one statement is allowed (found a ";" before the end)' };
  const first = /^[\s(]*([A-Za-z]+)/.exec(masked)?.[1]?.toUpperCase();
  if (first !== 'SELECT' && first !== 'WITH')
    return {
      ok: false,
      reason: `only SELECT or WITH queries are allowed (read-only), got ${first ?? 'no statement keyword'}`,
    };
  const writing = WRITING.exec(masked)?.[1];
  if (writing)
    return {
      ok: false,
      reason: `the query contains ${writing.toUpperCase()}: only read-only SELECT/WITH queries are allowed`,
    };
  return { ok: true, sql: sql.slice(0, masked.length) };
}
