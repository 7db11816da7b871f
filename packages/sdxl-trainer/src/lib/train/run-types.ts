// The values train()'s phases hand each other (see train.ts): internal, not exported by the package.
import type * as tf from '@tensorflow/tfjs-core';
import type { ImageFolderDataset } from '../data/types.js';
import type { Adafactor } from '../optim/adafactor.js';
import type { AdamW } from '../optim/adamw.js';
import type { PromptEmbeddings } from '../pipeline/sdxl-prompt-encoder.js';
import type { DDPMScheduler } from '../scheduler/ddpm-scheduler.js';
import type { TimestepSampler } from '../timesteps/create-timestep-sampler.js';
import type { TrainingPlan } from '../train-options/plan-training.js';
import type { PredictionType, TrainOptions } from '../train-options/types.js';
import type { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import type { TrainingInputCache } from './cache-training-inputs.js';
import type {
  AveragedWeights,
  SavedOptimizer,
  TrainEvent,
  TrainHooks,
  TrainingState,
  TrainLogger,
} from './types.js';

/** What planning decided: the folders, where the run starts (a checkpoint or step 0), its seed and data. */
export interface TrainingRun {
  options: TrainOptions;
  hooks: TrainHooks;
  emit: (event: TrainEvent) => void;
  log: TrainLogger | undefined;
  /** Whether `hooks.signal` asks the run to stop. */
  stopRequested: () => boolean;
  pipelineDir: string;
  vaeDir: string | undefined;
  /** --pretrained_unet_model_name_or_path, checked against the pipeline. */
  unetDir: string | undefined;
  outputDir: string;
  /** The checkpoint resumed from, and what it recorded. */
  resumeDir: string | undefined;
  saved: TrainingState | undefined;
  seed: number;
  /** The usable rows (after --max_train_samples), then split into the trained and held-out samples. */
  dataset: ImageFolderDataset;
  training: ImageFolderDataset;
  heldOut: ImageFolderDataset;
  plan: TrainingPlan;
  /** Closes the dataset if planning opened it (one the caller gave stays open). */
  close: () => Promise<void>;
}

/** What caching produced: a reader of each pass's entries, the counts, the encoded validation prompt. */
export interface TrainingRunInputs {
  cache: TrainingInputCache;
  /** With --eval_holdout: the held-out samples with the validator's preprocessing. */
  heldOutCache: TrainingInputCache | undefined;
  encoded: number;
  reused: number;
  /** With --validation_prompt: its embeddings, computed once. */
  validationPrompt: PromptEmbeddings | undefined;
  dispose: () => void;
}

/** The models and optimizer state being trained, as the checkpoint resumed from left them. */
export interface TrainingModels {
  unet: UNet2DConditionModel;
  /** The UNet's trainable variables, in the optimizer's (and the EMA's) order. */
  variables: tf.Variable[];
  scheduler: DDPMScheduler;
  predictionType: PredictionType;
  sampleTimesteps: TimestepSampler;
  optimizer: AdamW | Adafactor;
  /** The optimizer as checkpoints record it. */
  savedOptimizer: SavedOptimizer;
  /** --use_ema: on the device, or in host memory with --ema_offload. */
  ema: AveragedWeights | undefined;
  dispose: () => void;
}

/** Appends lines to metrics.jsonl. */
export interface MetricsLog {
  append: (line: Record<string, number>) => Promise<void>;
}

/** What the step loop changes as it goes, in one place (train reads it when the loop stops early). */
export interface TrainingLoopState {
  /** Optimizer steps done, including those before a resume. */
  globalStep: number;
  smoothedLoss: number | null;
  /** The first smoothed loss of this process. */
  firstSmoothedLoss: number | undefined;
  /** The newest checkpoint: the one resumed from until this process saves one. */
  lastCheckpoint: string | undefined;
  /** The step that checkpoint holds. */
  checkpointStep: number | undefined;
  firstEvalLoss: number | undefined;
  lastEvalLoss: number | undefined;
  /** The step whose weights were evaluated last. */
  lastEvalStep: number | undefined;
}

/** Everything the step loop and the finishing save work with. */
export interface TrainingLoop {
  run: TrainingRun;
  inputs: TrainingRunInputs;
  models: TrainingModels;
  metrics: MetricsLog;
  state: TrainingLoopState;
  /** The step this process started at, and when (performance.now()), for steps per second. */
  startStep: number;
  started: number;
}
