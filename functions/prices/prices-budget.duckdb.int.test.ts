/**
 * The prices function's first scheduled run under a short time budget, on DuckDB + a local lake,
 * against the replay server (scenarios: test/e2e/prices-budget-scenarios.ts).
 */
import { duckdbBackend } from '../../test/e2e/prices-harness';
import { pricesBudgetScenarios } from '../../test/e2e/prices-budget-scenarios';

jest.setTimeout(120_000);

describe('prices function under a run time budget on DuckDB + local lake', () => {
  pricesBudgetScenarios({
    tickers: ['AAPL', 'MSFT', 'NVDA'],
    years: 2,
    minCalls: 3,
    makeBackend: async () => duckdbBackend(),
  });
});
