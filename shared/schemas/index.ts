/** Data contracts: zod models, sanity rules and the quarantine reason shape. Pure; no I/O, no clock. */
export {
  PriceBar,
  PRICE_SOURCES,
  PRICE_BAR_KEYS,
  TICKER_PATTERN,
  priceBarRules,
  priceBatchRules,
  checkPriceBar,
  checkPriceBatch,
  type PriceSource,
  type PriceBarCandidate,
  type PriceRuleCode,
  type PriceRuleContext,
  type BatchIssue,
  type PriceBarVerdict,
  type PriceBatchVerdict,
} from './price-bar';
export { toIssues, toDotPath, type ValidationIssue } from './quarantine';
export {
  createTradingDateFormatter,
  createUtcOffset,
  createZonedInstant,
  utcOffsetMinutes,
  zonedInstant,
  NEW_YORK,
  ISO_DATE_PATTERN,
} from './trading-date';
export {
  NewsArticle,
  NewsImage,
  NewsMessage,
  NEWS_ARTICLE_KEYS,
  NEWS_PROVIDERS,
  NEWS_VIAS,
  NEWS_SYMBOL_PATTERN,
  checkNewsArticle,
  toNewsArticleCandidate,
  htmlToText,
  type NewsProvider,
  type NewsVia,
  type NewsArticleCandidate,
  type NewsArticleInput,
  type NewsArticleVerdict,
} from './news';
export {
  Product,
  ProductSnapshot,
  PRODUCT_KEYS,
  PRODUCT_SNAPSHOT_KEYS,
  toProductSnapshot,
  type ProductCandidate,
  type ProductSnapshotCandidate,
} from './product';
export {
  Organization,
  FundingRound,
  PERMALINK_PATTERN,
  ORGANIZATION_KEYS,
  FUNDING_ROUND_KEYS,
  type OrganizationCandidate,
  type FundingRoundCandidate,
} from './organization';
