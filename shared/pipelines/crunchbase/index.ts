/**
 * The Crunchbase pipeline, one folder: `run.ts` runs the organizations named in the call, then
 * (when asked) the recent-rounds search, each as its own run of the loop; it has two definitions,
 * `organizations.ts` and `funding-rounds.ts`, sharing `validate.ts`; `settings.ts` and `request.ts`
 * read the config section and the HTTP body.
 */
export { runCrunchbase, runCrunchbaseFromConfig, type CrunchbaseRunSummary, type FailedPermalink } from './run';
export {
  createCrunchbaseOrganizationsDefinition,
  CRUNCHBASE_PIPELINE,
  OrganizationNotFoundError,
  type CrunchbaseOrganizationCursor,
} from './organizations';
export {
  createCrunchbaseFundingRoundsDefinition,
  advanceRecentRounds,
  planRecentRounds,
  SEARCH_SCOPE,
} from './funding-rounds';
export {
  parseCrunchbaseRequest,
  crunchbaseRequestBody,
  type CrunchbaseRunRequest,
  type ParsedCrunchbaseRequest,
} from './request';
export { crunchbaseSettingsFrom, type CrunchbaseSettings } from './settings';
