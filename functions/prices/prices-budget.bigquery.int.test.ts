/**
 * The prices function's first scheduled run under a short time budget, on bigquery-emulator +
 * fake-gcs-server (a private emulator per scenario), against the replay server. Two tickers over
 * two years (6 slices, two calls each way): bigquery-emulator v0.8.1 panics after a few dozen
 * jobs (prices.bigquery.int.test.ts), and every call adds a handful. The three-call version runs
 * on DuckDB (prices-budget.duckdb.int.test.ts).
 */
import { bigqueryBackend } from '../../test/e2e/prices-harness';
import { pricesBudgetScenarios } from '../../test/e2e/prices-budget-scenarios';

jest.setTimeout(600_000);

describe('prices function under a run time budget on BigQuery emulator + fake-gcs-server', () => {
  pricesBudgetScenarios({ tickers: ['MSFT', 'NVDA'], years: 2, minCalls: 2, makeBackend: bigqueryBackend });
});
