/**
 * The prices function end to end on the embedded defaults: DuckDB + a local lake directory, against
 * the replay server, through the real entry point (functions-framework's test server).
 */
import { DEFAULT_WATCHLIST } from '../../shared/pipelines';
import { duckdbBackend } from '../../test/e2e/prices-harness';
import { pricesScenarios } from '../../test/e2e/prices-scenarios';

jest.setTimeout(300_000);

describe('prices function on DuckDB + local lake', () => {
  pricesScenarios({ tickers: DEFAULT_WATCHLIST.split(','), years: 3, makeBackend: async () => duckdbBackend() });
});
