/**
 * The Product Hunt function end to end on the embedded defaults: DuckDB + a local lake directory,
 * against the Product Hunt replay server, through the real entry point.
 */
import { duckdbBackend } from '../../test/e2e/prices-harness';
import { productHuntScenarios } from '../../test/e2e/product-hunt-scenarios';

jest.setTimeout(300_000);

describe('product-hunt function on DuckDB + local lake', () => {
  productHuntScenarios({
    functionName: 'productHuntDuckdbE2e',
    posts: 45,
    pageSize: 10,
    withRequestChecks: true,
    makeBackend: async () => duckdbBackend(),
  });
});
