/** Article versions: an edit always moves updated_at forward by whole seconds. */
import { replayNewsArticle } from './articles';
import { reviseRecord } from './revisions';

it('sets updated_at to the edit time, or one second after the current version when the clock is not later', () => {
  const record = replayNewsArticle(1, Date.parse('2024-06-14T10:00:00Z'));
  expect(reviseRecord(record, Date.parse('2024-06-14T10:05:00.700Z'), { headline: 'New' })).toMatchObject({
    id: record.id,
    headline: 'New',
    created_at: record.created_at,
    updated_at: '2024-06-14T10:05:00Z',
  });
  expect(reviseRecord(record, Date.parse('2024-06-14T10:00:00.900Z')).updated_at).toBe('2024-06-14T10:00:01Z');
});
