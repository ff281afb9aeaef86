/** Crunchbase API v4: organization lookups and funding-round searches as Sources, and permalink checks. */
export {
  createCrunchbaseOrganizationsSource,
  createCrunchbaseFundingRoundsSource,
  nextOrganizationsCursor,
  nextFundingRoundsCursor,
  type CrunchbaseSourceConfig,
  type CrunchbaseOrganizationsCursor,
  type CrunchbaseFundingRoundsCursor,
} from './source';
export {
  crunchbaseOrganizationPages,
  crunchbaseFundingRoundPages,
  ORGANIZATION_FIELD_IDS,
  FUNDING_ROUND_FIELD_IDS,
  type CrunchbasePagesConfig,
  type FundingRoundSearch,
  type RevealableSecret,
} from './pages';
export {
  normalizeCrunchbaseOrganization,
  normalizeCrunchbaseFundingRounds,
  organizationToRow,
  fundingRoundToRow,
  type CbNotFound,
  type CbOrganizationNormalized,
} from './normalize';
export { checkPermalinks, isValidPermalink, type PermalinkCheck, type PermalinkIssue } from './permalink';
export { createCrunchbaseHttp, CRUNCHBASE_DEFAULT_BASE_URL, CRUNCHBASE_RATE_LIMIT } from './http';
export {
  CbErrorWire,
  CbFundingRoundSearchWire,
  CbFundingRoundWire,
  CbIdentifierWire,
  CbMoneyWire,
  CbOrganizationEntityWire,
  CbOrganizationPageWire,
  CbOrganizationPropertiesWire,
} from './wire';
