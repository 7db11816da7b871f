export { Actions } from './lib/actions.js';
export { bestUid } from './lib/best-uid.js';
export { checkUpload } from './lib/check-upload.js';
export { commitWithRetries } from './lib/commit-with-retries.js';
export { countUnetParameters } from './lib/count-unet-parameters.js';
export { evaluateModels } from './lib/evaluate-models.js';
export { loadLocalModel } from './lib/load-local-model.js';
export { downloadRemoteModel } from './lib/download-remote-model.js';
export { loadRemoteModel } from './lib/load-remote-model.js';
export { pushModel } from './lib/push-model.js';
export { planPush } from './lib/push-model-plan.js';
export { pushRepoId } from './lib/push-model-repo-id.js';
export { resolveUnetDir } from './lib/resolve-unet-dir.js';
export { waitForRetry } from './lib/wait-for-retry.js';
export {
  CommitFailedError,
  PublishFailedError,
  RemoteModelRejectedError,
  UploadCheckError,
} from './errors.js';
export type {
  CommitRetryPolicy,
  DownloadedRemoteModel,
  EvaluateModelsOptions,
  EvaluatedModel,
  EvaluationCandidate,
  EvaluationProgress,
  EvaluationReport,
  MinerConfig,
  MinerWallet,
  PushOptions,
  PushPlan,
  PushResult,
  PushStep,
  PushVerdict,
  RankedMetagraph,
  RemoteModel,
  UploadCheckInput,
  UploadProblem,
  WeightsDtype,
} from './types/public.js';
