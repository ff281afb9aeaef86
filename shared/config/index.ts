/**
 * shared/config: the only place in shared/ that reads the environment. Load once at start-up,
 * pass slices down explicitly.
 */
export { loadConfig } from './load';
export { loadConfigWithDotEnv, readDotEnv } from './dotenv';
export { redactConfig, secretValues, type Redacted } from './redact';
export { Secret, isSecret, REDACTED } from './secret';
export {
  configSchema,
  crossFieldRules,
  sections,
  settingsByEnv,
  type AlpacaConfig,
  type Config,
  type CrossFieldRule,
  type CrunchbaseConfig,
  type NewsStreamConfig,
  type PricesConfig,
  type ConsumersConfig,
  type DashboardConfig,
  type Env,
  type GoogleConfig,
  type HttpConfig,
  type LakeConfig,
  type LogConfig,
  type PolygonConfig,
  type ProductHuntConfig,
  type PubSubConfig,
  type StreamConfig,
  type WarehouseConfig,
} from './schema';
export type { Setting } from './settings';
