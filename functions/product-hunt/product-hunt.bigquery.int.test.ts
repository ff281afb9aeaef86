/**
 * The Product Hunt function end to end on the cloud backends' stand-ins: bigquery-emulator +
 * fake-gcs-server (a private emulator, dataset and bucket per scenario), through the real entry
 * point. Kept small: bigquery-emulator v0.8.1 panics after a few dozen jobs (see
 * prices.bigquery.int.test.ts), and every page costs two MERGEs (products, product_snapshots), so
 * 12 posts in pages of 4; the request checks that never reach a warehouse run on DuckDB only.
 */
import { bigqueryBackend } from '../../test/e2e/prices-harness';
import { productHuntScenarios } from '../../test/e2e/product-hunt-scenarios';

jest.setTimeout(600_000);

describe('product-hunt function on BigQuery emulator + fake-gcs-server', () => {
  productHuntScenarios({
    functionName: 'productHuntBigQueryE2e',
    posts: 12,
    pageSize: 4,
    withRequestChecks: false,
    makeBackend: bigqueryBackend,
  });
});
