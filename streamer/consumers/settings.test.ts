import { ConfigError } from '../../shared/errors';
import { consumersSettingsFrom, parseConsumersSettings } from './settings';

describe('consumer settings', () => {
  it('has defaults for everything', () => {
    expect(parseConsumersSettings({})).toEqual({
      role: 'producer',
      lakeSinkGroup: 'lake-sink',
      lakeSinkMaxBatch: 1000,
      lakeSinkFlushMs: 0,
      analystGroup: 'analyst',
      signalsTopic: 'news-signals',
      analystTickers: [],
      eventsDir: '.data/events',
    });
  });

  it('parses every variable and reports every bad one at once', () => {
    expect(
      parseConsumersSettings({
        STREAMER_ROLE: 'analyst',
        LAKE_SINK_MAX_BATCH: '50',
        ANALYST_TICKERS: 'amd, AMD ,intc',
      }),
    ).toMatchObject({ role: 'analyst', lakeSinkMaxBatch: 50, analystTickers: ['AMD', 'INTC'] });
    expect.assertions(3);
    try {
      parseConsumersSettings({ STREAMER_ROLE: 'web', LAKE_SINK_FLUSH_MS: '-1' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((i) => i.split(':')[0])).toEqual([
        'STREAMER_ROLE',
        'LAKE_SINK_FLUSH_MS',
      ]);
    }
  });

  it('reads a config that carries the section, and defaults without one', () => {
    expect(
      consumersSettingsFrom({ consumers: { role: 'lake-sink', lakeSinkMaxBatch: 7, analystTickers: ['AMD'] } }),
    ).toMatchObject({ role: 'lake-sink', lakeSinkMaxBatch: 7, analystTickers: ['AMD'] });
    expect(consumersSettingsFrom({}).role).toBe('producer');
  });
});
