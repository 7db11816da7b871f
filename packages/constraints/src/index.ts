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
export { ModelId } from './lib/model-id.js';
export { validateModelId } from './lib/validate-model-id.js';
export { hashFile } from './lib/hash-file.js';
export { hashDirectory } from './lib/hash-directory.js';
export { listFilesInWalkOrder } from './lib/list-files-in-walk-order.js';
export { compareWalkOrder } from './lib/compare-walk-order.js';
export { combineFileHashes } from './lib/combine-file-hashes.js';
export { checkModel } from './lib/check-model.js';
export { isWin } from './lib/is-win.js';
export { computeWins } from './lib/compute-wins.js';
export { stepWeights } from './lib/step-weights.js';
export { scatterWeights } from './lib/scatter-weights.js';
export { movingAverage } from './lib/moving-average.js';
export { roundHalfEven } from './lib/round-half-even.js';
export { createSoloRetry } from './lib/create-solo-retry.js';
export { PixelError, UnavailableError, UsageError } from './lib/pixel-error.js';
export type {
  ModelIdField,
  ModelIdFields,
  ModelIdProblem,
  ModelLimitViolation,
  ModelStats,
  UidValues,
  WinCounts,
} from './types/public.js';
