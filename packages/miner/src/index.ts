export { Actions } from './lib/actions.js';
export { bestUid } from './lib/best-uid.js';
export { checkSubnetIsPixel } from './lib/check-subnet-is-pixel.js';
export { checkUpload } from './lib/check-upload.js';
export { classifySubnet } from './lib/classify-subnet.js';
export { commitWithRetries } from './lib/commit-with-retries.js';
export { countUnetParameters } from './lib/count-unet-parameters.js';
export { downloadCommittedModels } from './lib/download-committed-models.js';
export { evaluateModels } from './lib/evaluate-models.js';
export { loadLocalModel } from './lib/load-local-model.js';
export { downloadRemoteModel } from './lib/download-remote-model.js';
export { loadRemoteModel } from './lib/load-remote-model.js';
export { locateModel } from './lib/locate-model.js';
export { pushModel } from './lib/push-model.js';
export { planPush } from './lib/push-model-plan.js';
export { pushRepoId } from './lib/push-model-repo-id.js';
export { resolveModel } from './lib/resolve-model.js';
export { resolveUnetDir } from './lib/resolve-unet-dir.js';
export { waitForRetry } from './lib/wait-for-retry.js';
export {
  CommitFailedError,
  PublishFailedError,
  RemoteModelRejectedError,
  UnrecognisedSubnetError,
  UploadCheckError,
} from './errors.js';
export type {
  CommitRetryPolicy,
  CommittedModels,
  CommittedModelsRequest,
  DownloadedRemoteModel,
  EvaluateModelsOptions,
  EvaluatedModel,
  EvaluationCandidate,
  EvaluationProgress,
  EvaluationReport,
  HubSnapshotRequest,
  LocateModelOptions,
  MinerConfig,
  MinerWallet,
  ModelLocation,
  PushOptions,
  PushPlan,
  PushResult,
  PushStep,
  PushVerdict,
  RankedMetagraph,
  RejectedModel,
  RemoteModel,
  ResolvedModel,
  ResolveModelOptions,
  SubnetRecognition,
  UploadCheckInput,
  UploadProblem,
  WeightsDtype,
} from './types/public.js';
