/**
 * The news function end to end on the embedded defaults: DuckDB + a local lake directory, against
 * the news replay server, through the real entry point (functions-framework's test server).
 */
import { duckdbBackend } from '../../test/e2e/prices-harness';
import { newsScenarios } from '../../test/e2e/news-scenarios';

jest.setTimeout(120_000);

describe('news function on DuckDB + local lake', () => {
  newsScenarios({ makeBackend: async () => duckdbBackend() });
});
