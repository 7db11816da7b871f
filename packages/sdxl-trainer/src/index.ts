// TensorFlow.js backend selection
export { BackendUnavailableError } from './lib/backend/errors.js';
export { BACKEND_CHOICES } from './lib/backend/backend-choices.js';
export { selectBackend } from './lib/backend/select-backend.js';
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

// safetensors I/O
export { bfloat16ToFloat32 } from './lib/safetensors/bfloat16-to-float32.js';
export { checkpointFileNames } from './lib/safetensors/checkpoint-file-names.js';
export { checkTensorKeys } from './lib/safetensors/check-tensor-keys.js';
export {
  SafetensorsError,
  SafetensorsKeyMismatchError,
  SafetensorsNonFiniteError,
  SafetensorsTruncatedError,
  type ShapeMismatch,
} from './lib/safetensors/errors.js';
export { float16ToFloat32 } from './lib/safetensors/float16-to-float32.js';
export { float32ToBfloat16 } from './lib/safetensors/float32-to-bfloat16.js';
export { float32ToFloat16 } from './lib/safetensors/float32-to-float16.js';
export { loadSafetensors } from './lib/safetensors/load-safetensors.js';
export { readSafetensors } from './lib/safetensors/read-safetensors.js';
export { readSafetensorsCheckpoint } from './lib/safetensors/read-safetensors-checkpoint.js';
export { MAX_HEADER_BYTES, readSafetensorsHeader } from './lib/safetensors/read-safetensors-header.js';
export { readSafetensorsIndex } from './lib/safetensors/read-safetensors-index.js';
export { resolveSafetensorsCheckpoint } from './lib/safetensors/resolve-safetensors-checkpoint.js';
export { writeSafetensors } from './lib/safetensors/write-safetensors.js';
export { writeSafetensorsCheckpoint } from './lib/safetensors/write-safetensors-checkpoint.js';
export type {
  CheckpointFileNames,
  CheckpointLocation,
  ExpectedTensorShapes,
  LoadedTensor,
  ReadCheckpointOptions,
  ReadSafetensorsOptions,
  ResolvedCheckpoint,
  SafetensorsDtype,
  SafetensorsFloatDtype,
  SafetensorsHeader,
  SafetensorsIndex,
  SafetensorsTensorInfo,
  SafetensorsWriteEntry,
  TensorData,
  WriteCheckpointOptions,
  WriteSafetensorsOptions,
} from './types/safetensors.js';

// CLIP tokenizer and noise scheduler
export {
  CLIPTokenizer,
  type CLIPTokenizerFiles,
  type CLIPTokenizerOptions,
  type TextCleanup,
  type TokenizedBatch,
} from './lib/tokenizer/clip-tokenizer.js';
export { fixText } from './lib/tokenizer/fix-text.js';
export { DDPMScheduler } from './lib/scheduler/ddpm-scheduler.js';
export { EulerDiscreteScheduler } from './lib/scheduler/euler-discrete-scheduler.js';
export type { DDPMSchedulerConfig, EulerDiscreteSchedulerConfig } from './types/scheduler.js';

// CLIP text encoders, VAE and SDXL pipeline components
export { CLIPTextModel } from './lib/clip/clip-text-model.js';
export { CLIPTextModelWithProjection } from './lib/clip/clip-text-model-with-projection.js';
export type { CLIPTextConfig, CLIPTextModelOutput, CLIPTextModelWithProjectionOutput } from './types/clip.js';
export { AutoencoderKL } from './lib/vae/autoencoder-kl.js';
export { LatentDistribution } from './lib/vae/latent-distribution.js';
export type { AutoencoderKLConfig } from './types/vae.js';
export type { FromPretrainedOptions } from './types/pretrained.js';
export { SdxlPromptEncoder, type PromptEmbeddings } from './lib/pipeline/sdxl-prompt-encoder.js';
export { computeTimeIds } from './lib/pipeline/compute-time-ids.js';
export { readModelIndex, type ModelIndex } from './lib/pipeline/read-model-index.js';

// SDXL UNet and the neural-network building blocks it (and the VAE and CLIP) are made of
export { UNet2DConditionModel } from './lib/unet/unet-2d-condition-model.js';
export { readUnetConfig } from './lib/unet/read-unet-config.js';
export { resolveUNetConfig, type ResolvedUNetConfig } from './lib/unet/resolve-unet-config.js';
export { ModelConfigError, type ModelConfigComponent } from './lib/model-config/model-config-error.js';
export { convertUnetCheckpoint } from './lib/unet/convert-unet-checkpoint.js';
export { checkUnetCheckpoint, type CheckedUnetCheckpoint } from './lib/unet/check-unet-checkpoint.js';
export { Module, type ParameterSpecEntry } from './lib/nn/module.js';
export { Parameter, type ParameterInit, type ParameterLayout } from './lib/nn/parameter.js';
export { loadModuleWeights } from './lib/nn/load-module-weights.js';
export { moduleWeightEntries } from './lib/nn/module-weight-entries.js';
export { AdamW, type AdamWMoments, type AdamWOptions, type AdamWState } from './lib/optim/adamw.js';
export { Adafactor, type AdafactorOptions, type AdafactorVariable } from './lib/optim/adafactor.js';
export { adafactorOptionProblems } from './lib/optim/adafactor-option-problems.js';
export { clipGradNorm } from './lib/optim/clip-grad-norm.js';
// Memory plan
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
export { trackBufferBytes, type BufferBytesTracker } from './lib/memory/track-buffer-bytes.js';
export type {
  ConvertUnetCheckpointOptions,
  UNet2DConditionConfig,
  UNetConditioningEmbeddings,
  UNetForwardInput,
  UNetFromPretrainedOptions,
  UNetSavePretrainedOptions,
} from './types/unet.js';

// Training inputs: options, data, LR schedule, timesteps, randomness
export { TRAIN_OPTION_SPECS } from './lib/train-options/train-option-specs.js';
export { parseTrainOptions } from './lib/train-options/parse-train-options.js';
export { parseOptimizerArgs } from './lib/train-options/parse-optimizer-args.js';
export { TrainOptionsError } from './lib/train-options/train-options-error.js';
export { planTraining, type TrainingPlan } from './lib/train-options/plan-training.js';
export { trainingPosition, type TrainingPosition } from './lib/train-options/training-position.js';
export {
  MIXED_PRECISION_CHOICES,
  OPTIMIZER_TYPES,
  PREDICTION_TYPES,
  REPORT_TO_CHOICES,
  type OptimizerArgs,
  type OptimizerType,
  type ParsedTrainOptions,
  type PredictionType,
  type TrainOptions,
  type TrainOptionSpec,
  type TrainOptionType,
} from './lib/train-options/types.js';
export { openImageFolder } from './lib/data/open-image-folder.js';
export { preprocessImage } from './lib/data/preprocess-image.js';
export { resampleBilinear } from './lib/data/resample-bilinear.js';
export { chooseCaption } from './lib/data/choose-caption.js';
export { loadTrainingExample, type LoadTrainingExampleOptions } from './lib/data/load-training-example.js';
export { iterateEpochBatches, type IterateEpochBatchesOptions } from './lib/data/iterate-epoch-batches.js';
export { createCsvRecordParser, type CsvRecordParser } from './lib/data/create-csv-record-parser.js';
export type {
  Caption,
  CsvRecord,
  ImageFolderDataset,
  ImageFolderRecord,
  OpenImageFolderOptions,
  PreprocessedImage,
  PreprocessOptions,
  TrainingExample,
} from './lib/data/types.js';
export { createLrSchedule } from './lib/lr-schedule/create-lr-schedule.js';
export { learningRateAt } from './lib/lr-schedule/learning-rate-at.js';
export { lrMultiplier } from './lib/lr-schedule/lr-multiplier.js';
export { scaledLearningRate, type ScaleLrInput } from './lib/lr-schedule/scaled-learning-rate.js';
export { LR_SCHEDULERS, type LrScheduleConfig, type LrSchedulerName } from './lib/lr-schedule/types.js';
export { createTimestepSampler, type TimestepSampler } from './lib/timesteps/create-timestep-sampler.js';
export { timestepWeights } from './lib/timesteps/timestep-weights.js';
export {
  TIMESTEP_BIAS_STRATEGIES,
  type TimestepBias,
  type TimestepBiasStrategy,
} from './lib/timesteps/types.js';
export {
  RandomGenerator,
  RANDOM_ALGORITHM,
  type RandomState,
  type StreamId,
} from './lib/random/random-generator.js';
export { epochOrder } from './lib/random/epoch-order.js';

// The fine-tuning loop
export { train } from './lib/train/train.js';
export { trainingLoss, type TrainingLossInput, type TrainingLossParts } from './lib/train/training-loss.js';
export { drawStepNoise, type StepNoise } from './lib/train/draw-step-noise.js';
export {
  optimizerStep,
  type OptimizerStepInput,
  type OptimizerStepResult,
} from './lib/train/optimizer-step.js';
export { fusedOptimizerStep, type FusedOptimizerStepInput } from './lib/train/fused-optimizer-step.js';
export { EmaModel } from './lib/train/ema-model.js';
export { HostEmaModel, type HostEmaOptions } from './lib/train/host-ema-model.js';
export { createTrainingOptimizer, type TrainingOptimizer } from './lib/train/create-training-optimizer.js';
export {
  cacheTrainingInputs,
  type CacheTrainingInputsOptions,
  type CachedTrainingInput,
  type TrainingEncoders,
  type TrainingInputCache,
} from './lib/train/cache-training-inputs.js';
export { modelFingerprint } from './lib/train/model-fingerprint.js';
export {
  cachePipelineInputs,
  type CachePipelineInputsOptions,
  type PipelineCachePass,
} from './lib/train/cache-pipeline-inputs.js';
export { stackTrainingInputs, type TrainingInputBatch } from './lib/train/stack-training-inputs.js';
export {
  VALIDATOR_LOSS,
  validatorLosses,
  type ValidatorLossesOptions,
} from './lib/train/validator-losses.js';
export { validatorCachePass } from './lib/train/validator-cache-pass.js';
export { holdOutSamples, type HeldOutSplit } from './lib/train/hold-out-samples.js';
export { heldOutLoss, type HeldOutLossOptions } from './lib/train/held-out-loss.js';
export {
  saveTrainingCheckpoint,
  type SaveTrainingCheckpointInput,
} from './lib/train/save-training-checkpoint.js';
export { loadTrainingCheckpoint } from './lib/train/load-training-checkpoint.js';
export { readTrainingState } from './lib/train/read-training-state.js';
export {
  resolveResumeCheckpoint,
  type ResolveResumeCheckpointOptions,
} from './lib/train/resolve-resume-checkpoint.js';
export { saveTrainedPipeline, type SaveTrainedPipelineInput } from './lib/train/save-trained-pipeline.js';
export { TrainingDivergedError } from './lib/train/training-diverged-error.js';
export { TrainingInterruptedError } from './lib/train/training-interrupted-error.js';
export { DamagedCheckpointError } from './lib/train/damaged-checkpoint-error.js';
export { checkTrainingCheckpoint } from './lib/train/check-training-checkpoint.js';
export {
  writeValidationImages,
  VALIDATION_GUIDANCE,
  VALIDATION_STEPS,
  type WriteValidationImagesInput,
} from './lib/train/write-validation-images.js';
export type {
  AveragedWeights,
  SavedOptimizer,
  TrainEvalEvent,
  TrainEvent,
  TrainHooks,
  TrainLogger,
  TrainResult,
  TrainStepEvent,
  TrainingState,
} from './lib/train/types.js';
