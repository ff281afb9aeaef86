/**
 * The crunchbase function end to end on the embedded defaults: DuckDB + a local lake directory,
 * against the Crunchbase replay server, through the real entry point.
 */
import { DEFAULT_PERMALINKS } from '../../dev/replay-crunchbase';
import { useCrunchbaseE2e } from '../../test/e2e/crunchbase-harness';
import { keyHandling, rateLimitRetried, searchResumes } from '../../test/e2e/crunchbase-resilience';
import { badRequests, fullRunAndRerun, partialBatch } from '../../test/e2e/crunchbase-scenarios';
import { duckdbBackend } from '../../test/e2e/prices-harness';

jest.setTimeout(120_000);

describe('crunchbase function on DuckDB + local lake', () => {
  const e2e = useCrunchbaseE2e(async () => duckdbBackend());
  badRequests(e2e);
  fullRunAndRerun(e2e, DEFAULT_PERMALINKS);
  partialBatch(e2e);
  rateLimitRetried(e2e);
  searchResumes(e2e);
  keyHandling(e2e);
});
