// The public API: what other packages and users call. Everything else under src/lib is internal.

// Training: the fine-tuning loop of diffusers' train_text_to_image_sdxl.py, its options and events
export { train } from './lib/train/train.js';
export { parseTrainOptions } from './lib/train-options/parse-train-options.js';
export { TRAIN_OPTION_SPECS } from './lib/train-options/train-option-specs.js';
export { TrainOptionsError } from './lib/train-options/train-options-error.js';
export {
  OPTIMIZER_TYPES,
  PREDICTION_TYPES,
  type OptimizerArgs,
  type OptimizerType,
  type ParsedTrainOptions,
  type PredictionType,
  type TrainOptions,
  type TrainOptionSpec,
  type TrainOptionType,
} from './lib/train-options/types.js';
export { TrainingDivergedError } from './lib/train/training-diverged-error.js';
export { TrainingInterruptedError } from './lib/train/training-interrupted-error.js';
export { DamagedCheckpointError } from './lib/train/damaged-checkpoint-error.js';
export type {
  TrainEvalEvent,
  TrainEvent,
  TrainHooks,
  TrainLogger,
  TrainResult,
  TrainStepEvent,
} from './lib/train/types.js';
export { openImageFolder } from './lib/data/open-image-folder.js';
export type { ImageFolderDataset, ImageFolderRecord, OpenImageFolderOptions } from './lib/data/types.js';

// One step of a custom loop: the loss, an optimizer step (or a fused one), the optimizers, the EMA
export { trainingLoss, type TrainingLossInput, type TrainingLossParts } from './lib/train/training-loss.js';
export {
  optimizerStep,
  type OptimizerStepInput,
  type OptimizerStepResult,
} from './lib/train/optimizer-step.js';
export { fusedOptimizerStep, type FusedOptimizerStepInput } from './lib/train/fused-optimizer-step.js';
export { AdamW, type AdamWMoments, type AdamWOptions, type AdamWState } from './lib/optim/adamw.js';
export { Adafactor, type AdafactorOptions, type AdafactorVariable } from './lib/optim/adafactor.js';
export { clipCoefficient } from './lib/optim/clip-coefficient.js';
export { clipGradNorm } from './lib/optim/clip-grad-norm.js';
export { EmaModel } from './lib/train/ema-model.js';
export { HostEmaModel, type HostEmaOptions } from './lib/train/host-ema-model.js';

// The validators' loss (what `pixel model eval` computes), and the encoders' cache it reads
export {
  VALIDATOR_LOSS,
  validatorLosses,
  type ValidatorLossesOptions,
} from './lib/train/validator-losses.js';
export { validatorCachePass } from './lib/train/validator-cache-pass.js';
export {
  cachePipelineInputs,
  type CachePipelineInputsOptions,
  type PipelineCachePass,
} from './lib/train/cache-pipeline-inputs.js';
export type { CachedTrainingInput, TrainingInputCache } from './lib/train/cache-training-inputs.js';

// Models: the SDXL UNet, the CLIP text encoders, the VAE, the scheduler, the tokenizer
export { UNet2DConditionModel } from './lib/unet/unet-2d-condition-model.js';
export { readUnetConfig } from './lib/unet/read-unet-config.js';
export { resolveUNetConfig, type ResolvedUNetConfig } from './lib/unet/resolve-unet-config.js';
export { convertUnetCheckpoint } from './lib/unet/convert-unet-checkpoint.js';
export { checkUnetCheckpoint, type CheckedUnetCheckpoint } from './lib/unet/check-unet-checkpoint.js';
export { ModelConfigError, type ModelConfigComponent } from './lib/model-config/model-config-error.js';
export type {
  ConvertUnetCheckpointOptions,
  UNet2DConditionConfig,
  UNetConditioningEmbeddings,
  UNetForwardInput,
  UNetFromPretrainedOptions,
  UNetSavePretrainedOptions,
} from './types/unet.js';
export { Module, type ParameterSpecEntry } from './lib/nn/module.js';
export { Parameter, type ParameterInit, type ParameterLayout } from './lib/nn/parameter.js';
export { CLIPTextModel } from './lib/clip/clip-text-model.js';
export { CLIPTextModelWithProjection } from './lib/clip/clip-text-model-with-projection.js';
export type { CLIPTextConfig, CLIPTextModelOutput, CLIPTextModelWithProjectionOutput } from './types/clip.js';
export { AutoencoderKL } from './lib/vae/autoencoder-kl.js';
export { LatentDistribution } from './lib/vae/latent-distribution.js';
export type { AutoencoderKLConfig } from './types/vae.js';
export { SdxlPromptEncoder, type PromptEmbeddings } from './lib/pipeline/sdxl-prompt-encoder.js';
export { computeTimeIds } from './lib/pipeline/compute-time-ids.js';
export type { FromPretrainedOptions } from './types/pretrained.js';
export { DDPMScheduler } from './lib/scheduler/ddpm-scheduler.js';
export { EulerDiscreteScheduler } from './lib/scheduler/euler-discrete-scheduler.js';
export type { DDPMSchedulerConfig, EulerDiscreteSchedulerConfig } from './types/scheduler.js';
export {
  CLIPTokenizer,
  type CLIPTokenizerFiles,
  type CLIPTokenizerOptions,
  type TokenizedBatch,
} from './lib/tokenizer/clip-tokenizer.js';

// safetensors, read and written byte for byte as Python's
export { loadSafetensors } from './lib/safetensors/load-safetensors.js';
export { readSafetensors } from './lib/safetensors/read-safetensors.js';
export { readSafetensorsHeader } from './lib/safetensors/read-safetensors-header.js';
export { writeSafetensors } from './lib/safetensors/write-safetensors.js';
export {
  SafetensorsError,
  SafetensorsKeyMismatchError,
  SafetensorsNonFiniteError,
  SafetensorsTruncatedError,
  type ShapeMismatch,
} from './lib/safetensors/errors.js';
export type {
  LoadedTensor,
  ReadSafetensorsOptions,
  SafetensorsDtype,
  SafetensorsFloatDtype,
  SafetensorsHeader,
  SafetensorsTensorInfo,
  SafetensorsWriteEntry,
  TensorData,
  WriteSafetensorsOptions,
} from './types/safetensors.js';

// Backends: which TensorFlow.js engine runs the models
export { selectBackend } from './lib/backend/select-backend.js';
export { BACKEND_CHOICES } from './lib/backend/backend-choices.js';
export { BackendUnavailableError } from './lib/backend/errors.js';
export { diagnoseBackends, type BackendsReport } from './lib/backend/diagnose-backends.js';
export { measureBackend } from './lib/backend/measure-backend.js';
export type {
  BackendChoice,
  BackendDiagnosis,
  BackendMeasurement,
  SelectBackendOptions,
  SelectedBackend,
  UnavailableBackend,
  WebGPUAdapterDescription,
} from './types/backend.js';

// Memory: what a training step needs on the device, before renting the card
export {
  CARD_GIGABYTES,
  CARD_HEADROOM,
  planTrainingMemory,
  type CardFit,
  type EmaPlacement,
  type MemoryPlan,
  type MemoryPlanInput,
} from './lib/memory/plan-training-memory.js';
export type { PhaseMemory, StepPhase } from './lib/memory/step-memory-phases.js';
export { formatMemoryPlan } from './lib/memory/format-memory-plan.js';
export { trainingMemoryPlanInput } from './lib/memory/training-memory-plan-input.js';
