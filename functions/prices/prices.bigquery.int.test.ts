/**
 * The prices function end to end on the cloud backends' stand-ins: bigquery-emulator +
 * fake-gcs-server (a unique dataset and bucket per scenario), against the replay server, through
 * the real entry point. bigquery-emulator v0.8.1 leaks memory in its SQL engine on every table it
 * creates or drops (each query job's result table, each MERGE staging table) and panics after a few
 * dozen jobs ("slice bounds out of range [-2147483392:]"), even when private to one scenario; 2
 * tickers x 3 years with its rerun and refetch already exceeds that. So the big backfill here is 2
 * tickers x 1 year (20 tickers x 3 years on DuckDB); every other scenario is the same.
 */
import { bigqueryBackend } from '../../test/e2e/prices-harness';
import { pricesScenarios } from '../../test/e2e/prices-scenarios';

jest.setTimeout(600_000);

describe('prices function on BigQuery emulator + fake-gcs-server', () => {
  pricesScenarios({ tickers: ['MSFT', 'NVDA'], years: 1, makeBackend: bigqueryBackend });
});
