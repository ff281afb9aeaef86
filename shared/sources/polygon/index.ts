/** Polygon aggregates v2 daily bars: the price Source, its pager, wire schema and normalizer. */
export { createPolygonPriceSource, type PolygonPriceConfig, type PolygonPriceSource } from './source';
export {
  POLYGON_MAX_PAGE_LIMIT,
  POLYGON_SOURCE,
  polygonAggsPages,
  polygonBarCounts,
  type PolygonAggsOptions,
} from './client';
export { redactApiKey, withApiKey } from './next-url';
export { normalizePolygonAggs } from './normalize';
export { POLYGON_OK_STATUSES, PolygonAggWire, PolygonAggsWire, PolygonErrorWire, polygonErrorText } from './wire';
