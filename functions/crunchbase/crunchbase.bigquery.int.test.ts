/**
 * The crunchbase function end to end on the cloud backends' stand-ins: bigquery-emulator +
 * fake-gcs-server, against the Crunchbase replay server, through the real entry point. Each
 * scenario gets a private emulator (bigqueryBackend): v0.8.1 panics after a few dozen jobs, so the
 * replay knows 3 organizations (3 rounds) and the full run names 2 of them; DuckDB runs all 6 and
 * the rate-limit scenarios (HTTP behaviour, the same on every backend).
 */
import { useCrunchbaseE2e } from '../../test/e2e/crunchbase-harness';
import { keyHandling } from '../../test/e2e/crunchbase-resilience';
import { badRequests, fullRunAndRerun, partialBatch } from '../../test/e2e/crunchbase-scenarios';
import { bigqueryBackend } from '../../test/e2e/prices-harness';

jest.setTimeout(300_000);

describe('crunchbase function on BigQuery emulator + fake-gcs-server', () => {
  const e2e = useCrunchbaseE2e(bigqueryBackend, { permalinks: ['acme-robotics', 'globex', 'initech'] });
  badRequests(e2e);
  fullRunAndRerun(e2e, ['globex', 'initech']);
  partialBatch(e2e);
  keyHandling(e2e);
});
