/**
 * The news function end to end on the cloud backends' stand-ins: a private bigquery-emulator +
 * fake-gcs-server, through the real entry point. Only the combined paging + updates-by-id
 * scenario: bigquery-emulator v0.8.1 panics after a few dozen jobs (see prices-harness.ts), and
 * every other scenario runs the same code on DuckDB (news.duckdb.int.test.ts).
 */
import { bigqueryBackend } from '../../test/e2e/prices-harness';
import { newsScenarios } from '../../test/e2e/news-scenarios';

jest.setTimeout(300_000);

describe('news function on BigQuery emulator + fake-gcs-server', () => {
  newsScenarios({ makeBackend: bigqueryBackend, small: true });
});
