/**
 * Binds the configured price provider (PRICES_PROVIDER: yahoo | alpaca | polygon) to the prices
 * definition: the price-provider kit's registry (shared/sources/prices, `createPriceSourceSetup`)
 * gives the Source, its config slice and its HTTP client (base URL, rate limit, retry, apiKey
 * redaction); this file adds the pipeline's choices and binds the source to a `SourceContext`
 * (bindSource). No provider knowledge lives here.
 */
import type { Config } from '../../config/schema';
import type { Logger } from '../../log/types';
import type { PriceBarCandidate } from '../../schemas/price-bar';
import { createPriceSourceSetup, type PriceSourceHttpOptions } from '../../sources/prices/registry';
import type { PriceCursor } from '../../sources/prices/cursor';
import type { Source, SourceContext } from '../../sources/types';
import { bindSource } from '../loop/bound-source';
import type { PriceSourceBinding } from './definition';
import type { PricesSettings } from './settings';

/** What binding a provider needs besides settings and config. */
export interface PriceSourceDeps {
  log: Logger;
  now: () => Date;
  /**
   * Overrides of the provider's HTTP client (tests and tools: `fetch`, `sleep`); the client's
   * logger and clock default to `log` and `now`.
   */
  http?: PriceSourceHttpOptions;
}

/** Binds a source to a context holding `config`, of the source's own config type. */
function bind<Wire, C extends PriceSourceBinding['config']>(
  source: Source<PriceCursor, Wire, PriceBarCandidate, C>,
  context: (config: C) => SourceContext<C>,
  config: C,
): PriceSourceBinding {
  return { source: bindSource(source, context(config)), config };
}

/**
 * The binding of `settings.provider`. The source fetches exactly the ranges each slice's cursor
 * carries (the definition plans them, split re-fetches included); Alpaca and Polygon take their
 * page sizes from the settings.
 * @throws ConfigError when the provider's keys are missing (loadConfig reports that first).
 */
export function bindPriceSource(
  settings: PricesSettings,
  config: Pick<Config, 'http' | 'alpaca' | 'polygon'>,
  deps: PriceSourceDeps,
): PriceSourceBinding {
  const setup = createPriceSourceSetup(settings, config, {
    logger: deps.log.child({ component: 'http' }),
    now: deps.now,
    ...deps.http,
  });
  const context = <C>(slice: C): SourceContext<C> => ({
    http: setup.http,
    log: deps.log.child({ source: setup.provider }),
    now: deps.now,
    config: slice,
  });
  switch (setup.provider) {
    case 'yahoo':
      return bind(setup.source, context, setup.config);
    case 'alpaca':
      return bind(setup.source, context, { ...setup.config, pageLimit: settings.alpacaPageLimit });
    case 'polygon':
      return bind(setup.source, context, { ...setup.config, pageLimit: settings.polygonPageLimit });
  }
}
