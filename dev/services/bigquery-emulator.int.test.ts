import { BigQuery } from '@google-cloud/bigquery';
import { testEndpoints, uniqueName } from '../../test/harness/endpoints';

// Smoke test of the shared stand-in: the production client speaks to bigquery-emulator for real.
describe('bigquery-emulator stand-in', () => {
  const { bigqueryApiEndpoint, projectId } = testEndpoints();
  const bigquery = new BigQuery({ apiEndpoint: bigqueryApiEndpoint, projectId });

  it('creates a dataset and runs a query', async () => {
    const datasetId = uniqueName('smoke');
    await bigquery.createDataset(datasetId);
    const [datasets] = await bigquery.getDatasets();
    const [rows] = await bigquery.query({ query: 'SELECT 1 AS one, @word AS word', params: { word: 'ok' } });

    expect(datasets.map((d) => d.id)).toContain(datasetId);
    expect(rows).toEqual([{ one: 1, word: 'ok' }]);
  });
});
