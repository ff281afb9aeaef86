/**
 * The warehouse contract against goccy/bigquery-emulator (started by test/harness/global-setup.ts),
 * one dataset per test. The emulator accepts partitioning and clustering without emulating them,
 * so the metadata assertions read what it stores from tables.insert, as real BigQuery reports it.
 */
import { BigQuery } from '@google-cloud/bigquery';
import { describeWarehouseContract } from '../../testing/contracts/warehouse';
import { testEndpoints, uniqueName } from '../../../test/harness/endpoints';
import { pricesDaily } from '../tables';
import { createBigQueryWarehouse } from './warehouse';

const endpoints = testEndpoints();

function makeWarehouse() {
  return createBigQueryWarehouse({
    projectId: endpoints.projectId,
    dataset: uniqueName('wh'),
    location: 'US',
    apiEndpoint: endpoints.bigqueryApiEndpoint,
  });
}

describeWarehouseContract(
  `warehouse contract: BigQuery via bigquery-emulator at ${endpoints.bigqueryApiEndpoint} (project ${endpoints.projectId})`,
  makeWarehouse,
  {
    bulkTimeoutMs: 180_000,
    // ALTER TABLE ADD COLUMN is a no-op in bigquery-emulator v0.8.1 (googlesqlite NoopStmtAction).
    addsColumns: false,
    onTiming: (label, ms) => console.info(`[bigquery-emulator] ${label}: ${ms} ms`),
  },
);

describe(`BigQuery warehouse specifics at ${endpoints.bigqueryApiEndpoint}`, () => {
  it('creates tables with descriptions and required modes, and leaves no staging table behind', async () => {
    const dataset = uniqueName('wh');
    const warehouse = await createBigQueryWarehouse({
      projectId: endpoints.projectId,
      dataset,
      location: 'US',
      apiEndpoint: endpoints.bigqueryApiEndpoint,
    });
    const client = new BigQuery({ projectId: endpoints.projectId, apiEndpoint: endpoints.bigqueryApiEndpoint });
    try {
      await warehouse.ensureTables([pricesDaily]);
      await warehouse.merge(pricesDaily, [
        { ticker: 'AAA', date: '2024-01-02', close: 1, source: 's', ingested_at: new Date() },
      ]);
      const [metadata] = await client.dataset(dataset).table('prices_daily').getMetadata();
      expect(metadata.description).toBe(pricesDaily.description);
      expect(metadata.timePartitioning).toMatchObject({ type: 'DAY', field: 'date' });
      expect(metadata.clustering).toEqual({ fields: ['ticker'] });
      const ticker = metadata.schema.fields.find((f: { name: string }) => f.name === 'ticker');
      expect(ticker).toMatchObject({ mode: 'REQUIRED', description: pricesDaily.columns[0]!.description });
      const [tables] = await client.dataset(dataset).getTables();
      expect(tables.map((t) => t.id)).toEqual(['prices_daily']);
    } finally {
      await warehouse.close();
    }
  });
});
