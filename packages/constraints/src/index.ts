export {
  COMPETITIONS,
  MAX_METADATA_BYTES,
  MAX_REPO_BYTES,
  MAX_REPO_ID_BYTES,
  ORIGINAL_COMPETITION_ID,
  SCORING,
  SUBNET_UID,
  listCompetitions,
  type Competition,
} from './lib/competitions.js';
export { getCompetition } from './lib/get-competition.js';
