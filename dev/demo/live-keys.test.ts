/**
 * `make dev`'s key lists are views of the one credential definition: a source is skipped only
 * for its REQUIRED keys, so a source with a keyless fallback (news) always runs.
 */
import { PROVIDER_KEYS, keyNames, type PipelineEntry } from '../../shared/pipelines/registry';
import { KEYS_BY_SOURCE, STREAMER_KEYS, planLive } from './live-keys';

const entry = (name: string, source: string): PipelineEntry => ({
  name,
  description: name,
  source,
  schedule: undefined,
  function: { entryPoint: name, folder: `functions/${name}`, memoryMb: 256, timeoutS: 60 },
  tables: [],
});

describe('live keys', () => {
  it('needs only the required keys of each source', () => {
    expect(KEYS_BY_SOURCE).toEqual({
      yahoo: [],
      'yahoo-rss': [],
      alpaca: ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY'],
      'alpaca-news': [],
      news: [],
      polygon: ['POLYGON_API_KEY'],
      producthunt: ['PRODUCT_HUNT_TOKEN'],
      'product-hunt': ['PRODUCT_HUNT_TOKEN'],
      crunchbase: ['CRUNCHBASE_API_KEY'],
    });
    for (const [source, keys] of Object.entries(PROVIDER_KEYS))
      expect(KEYS_BY_SOURCE[source]).toEqual(keyNames(keys, 'required'));
    expect(STREAMER_KEYS).toEqual(['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY']);
  });

  it('runs every source with no key at all when its keys are optional, and skips required ones', () => {
    const plan = planLive([entry('news', 'alpaca-news'), entry('bars', 'alpaca'), entry('adhoc', 'unknown')], {});
    expect(plan.pipelines.map((p) => p.name)).toEqual(['news', 'adhoc']);
    expect(plan.skipped.map((s) => [s.name, s.missing])).toEqual([
      ['bars', ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY']],
      ['streamer', ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY']],
    ]);
  });
});
