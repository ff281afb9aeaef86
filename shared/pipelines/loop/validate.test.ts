import { z } from 'zod';
import type { Normalized, RawPage } from '../../sources/types';
import { pageReader } from './bound-source';
import { AccountingError } from './errors';
import { assertBalanced, judgePage } from './validate';

const page = (body: unknown): RawPage => ({
  source: 'test',
  request: { method: 'GET', url: 'http://127.0.0.1/x', params: {} },
  status: 200,
  receivedAt: '2024-01-01T00:00:00.000Z',
  body,
});
const wire = z.object({ items: z.array(z.unknown()) });
type Row = { n: unknown };

function source(normalize: (w: z.infer<typeof wire>) => Normalized<Row>) {
  return { read: pageReader({ wire, normalize }) };
}

const positive = (rows: readonly Row[]) => ({
  valid: rows.filter((r) => typeof r.n === 'number' && r.n > 0),
  rejected: rows.flatMap((r, index) =>
    typeof r.n === 'number' && r.n > 0
      ? []
      : [{ index, record: r, issues: [{ path: 'n', code: 'too_small', message: 'n must be > 0' }] }],
  ),
});

describe('judgePage', () => {
  it('splits a page into valid rows, quarantined records with reasons and skipped records, and balances', () => {
    const verdict = judgePage(
      page({ items: [] }),
      source(() => ({
        rows: [{ n: 1 }, { n: -1 }, { n: 2 }],
        problems: [
          { path: 'items.3', record: { t: 'x' }, issues: [{ path: 't', code: 'invalid_timestamp', message: 'bad' }] },
        ],
        skipped: { no_trade: 2 },
      })),
      positive,
      '2024-01-01',
    );
    expect(verdict.recordsIn).toBe(6);
    expect(verdict.valid).toEqual([{ n: 1 }, { n: 2 }]);
    expect(verdict.skipped).toBe(2);
    expect(verdict.rejected).toEqual([
      { path: 'items.3', record: { t: 'x' }, issues: [{ path: 't', code: 'invalid_timestamp', message: 'bad' }] },
      { path: 'rows.1', record: { n: -1 }, issues: [{ path: 'n', code: 'too_small', message: 'n must be > 0' }] },
    ]);
  });

  it('quarantines a body that fails the wire schema as one record with zod issues', () => {
    const verdict = judgePage(
      page({ items: 'nope' }),
      source(() => ({ rows: [], problems: [], skipped: {} })),
      positive,
      '2024-01-01',
    );
    expect(verdict).toMatchObject({ recordsIn: 1, valid: [], skipped: 0 });
    expect(verdict.rejected).toEqual([
      {
        path: '',
        record: { items: 'nope' },
        issues: [expect.objectContaining({ path: 'items', code: 'invalid_type' })],
      },
    ]);
    expect(verdict.normalized).toBeUndefined();
  });

  it('fails loudly when validation loses a record', () => {
    const lossy = (rows: readonly Row[]) => ({ valid: rows.slice(1), rejected: [] });
    expect(() =>
      judgePage(
        page({ items: [] }),
        source(() => ({ rows: [{ n: 1 }, { n: 2 }], problems: [], skipped: {} })),
        lossy,
        '2024-01-01',
      ),
    ).toThrow(AccountingError);
  });

  it('assertBalanced names the numbers', () => {
    expect(() => assertBalanced({ in: 3, valid: 1, quarantined: 1, skipped: 0 }, {})).toThrow(
      'records in (3) != valid (1) + quarantined (1) + skipped (0)',
    );
    expect(() => assertBalanced({ in: 3, valid: 1, quarantined: 1, skipped: 1 }, {})).not.toThrow();
  });
});
