import { inspect } from 'node:util';
import { loadConfig } from './load';
import { redactConfig, secretValues } from './redact';
import { REDACTED, Secret } from './secret';

const planted = 'sk-live-0123456789abcdef';

describe('Secret', () => {
  it.each([
    ['String()', (s: Secret) => String(s)],
    ['template literal', (s: Secret) => `${s}`],
    ['JSON.stringify', (s: Secret) => JSON.stringify({ s })],
    ['util.inspect', (s: Secret) => inspect({ nested: { s } })],
  ])('prints [REDACTED] through %s', (_how, print) => {
    const text = print(new Secret(planted));
    expect(text).toContain(REDACTED);
    expect(text).not.toContain(planted);
  });

  it('yields the value only through reveal()', () => {
    expect(new Secret(planted).reveal()).toBe(planted);
  });
});

describe('redactConfig / secretValues', () => {
  const config = loadConfig({ POLYGON_API_KEY: planted, APCA_API_KEY_ID: 'AKID-1234', LAKE_DIR: '/lake' });

  it('prints a config without any secret value', () => {
    const printable = redactConfig(config);
    const text = JSON.stringify(printable);
    expect(text).not.toContain(planted);
    expect(text).not.toContain('AKID-1234');
    expect(printable.polygon.apiKey).toBe(REDACTED);
    expect(printable.alpaca.secretKey).toBeUndefined();
    expect(printable.lake.dir).toBe('/lake');
  });

  it('collects the secret values for the logger to scrub', () => {
    expect([...secretValues(config)].sort()).toEqual(['AKID-1234', planted].sort());
  });
});
