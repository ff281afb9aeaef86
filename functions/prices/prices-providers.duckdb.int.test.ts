/**
 * The prices function end to end with the keyed providers (PRICES_PROVIDER=alpaca, =polygon) on
 * DuckDB + a local lake, against the replay server, through the real entry point.
 */
import { duckdbBackend } from '../../test/e2e/prices-harness';
import { providerScenarios } from '../../test/e2e/prices-provider-scenarios';

jest.setTimeout(120_000);

const tickers = ['AAPL', 'MSFT', 'NVDA'];

describe('prices function with PRICES_PROVIDER=alpaca on DuckDB + local lake', () => {
  providerScenarios({
    provider: 'alpaca',
    tickers,
    years: 1,
    pageLimit: 100,
    makeBackend: async () => duckdbBackend(),
  });
});

describe('prices function with PRICES_PROVIDER=polygon on DuckDB + local lake', () => {
  providerScenarios({
    provider: 'polygon',
    tickers,
    years: 1,
    pageLimit: 100,
    makeBackend: async () => duckdbBackend(),
  });
});
