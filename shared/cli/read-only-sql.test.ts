import { checkReadOnlySql, maskSql } from './read-only-sql';

describe('checkReadOnlySql', () => {
  it.each([
    ['SELECT 1', 'SELECT 1'],
    ['  select * from prices_daily;  ', '  select * from prices_daily'],
    ['WITH t AS (SELECT 1 AS n) SELECT n FROM t;', 'WITH t AS (SELECT 1 AS n) SELECT n FROM t'],
    ["SELECT 'DROP TABLE x; --' AS s", "SELECT 'DROP TABLE x; --' AS s"],
    ['SELECT "update" FROM t -- delete me', 'SELECT "update" FROM t'],
    ['SELECT 1 /* unterminated', 'SELECT 1'],
    ['(SELECT 1) UNION ALL (SELECT 2)', '(SELECT 1) UNION ALL (SELECT 2)'],
    ['/* a note: insert */ SELECT 1', '/* a note: insert */ SELECT 1'],
  ])('accepts %j', (sql, cleaned) => {
    expect(checkReadOnlySql(sql)).toEqual({ ok: true, sql: cleaned });
  });

  it.each([
    ['', /empty/],
    ['  ;; ', /empty/],
    ['DELETE FROM prices_daily', /only SELECT or WITH .* got DELETE/],
    ['DROP TABLE prices_daily', /got DROP/],
    ['SELECT 1; DROP TABLE prices_daily', /only one statement/],
    ['WITH t AS (SELECT 1) DELETE FROM prices_daily', /contains DELETE/],
    ['WITH t AS (SELECT 1) INSERT INTO x SELECT * FROM t', /contains INSERT/],
    ["COPY (SELECT 1) TO '/tmp/x.csv'", /got COPY/],
    ['PRAGMA database_list', /got PRAGMA/],
    ["SELECT 1 FROM t WHERE a = 'it''s'; ATTACH 'x.db'", /only one statement/],
  ])('refuses %j', (sql, reason) => {
    expect(checkReadOnlySql(sql)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('masks literals, identifiers and comments with blanks of the same length', () => {
    const sql = `SELECT 'a;b', "c;d", \`e;f\` -- g;h\n/* i;j */ FROM t`;
    const masked = maskSql(sql);
    expect(masked).toHaveLength(sql.length);
    expect(masked).not.toContain(';');
    expect(masked.replace(/\s+/g, ' ').trim()).toBe('SELECT , , FROM t');
  });
});
