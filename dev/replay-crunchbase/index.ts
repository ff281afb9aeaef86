/** The Crunchbase API v4 replay server for tests, benches and the demo. */
export {
  startCrunchbaseReplayServer,
  type CrunchbaseFaults,
  type CrunchbaseReplayOptions,
  type CrunchbaseReplayServer,
  type CrunchbaseRequestRecord,
} from './server';
export {
  replayOrganizations,
  replayRoundsInSearchOrder,
  cbUuid,
  DEFAULT_PERMALINKS,
  type CbReplayOptions,
  type CbReplayOrganization,
} from './data';
export { expectedOrganizations, expectedOrganizationRounds, expectedSearchRounds } from './expected';
