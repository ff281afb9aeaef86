/**
 * `@name` query parameters (BigQuery's syntax) found outside string literals, quoted identifiers
 * and comments, so one SQL text can be sent to both backends: DuckDB spells them `$name`.
 */

/** Replaces every `@name` parameter in `sql` with `replace(name)` and returns the new text and the names in order of first use. */
export function rewriteNamedParams(sql: string, replace: (name: string) => string): { sql: string; names: string[] } {
  const names: string[] = [];
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = closingQuote(sql, i, ch);
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '@' && next !== undefined && /[A-Za-z_]/.test(next) && sql[i - 1] !== '@') {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))!;
      const name = match[0];
      if (!names.includes(name)) names.push(name);
      out += replace(name);
      i += 1 + name.length;
    } else {
      out += ch;
      i += 1;
    }
  }
  return { sql: out, names };
}

/** Index just past the quote that closes the literal opened at `start` (backslash and doubled-quote escapes honoured). */
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === '\\') i += 2;
    else if (ch === quote && sql[i + 1] === quote) i += 2;
    else if (ch === quote) return i + 1;
    else i += 1;
  }
  return sql.length;
}
