import type { LrSchedulerName } from '../lr-schedule/types.js';
import type { AdafactorOptions } from '../optim/adafactor.js';
import type { TimestepBiasStrategy } from '../timesteps/types.js';

export const PREDICTION_TYPES = ['epsilon', 'v_prediction'] as const;
export type PredictionType = (typeof PREDICTION_TYPES)[number];

export const MIXED_PRECISION_CHOICES = ['no', 'fp16', 'bf16'] as const;

export const REPORT_TO_CHOICES = ['tensorboard', 'wandb', 'comet_ml', 'all'] as const;

/** `--optimizer_type`, kohya's flag (any case there: `AdamW`, `Adafactor`). */
export const OPTIMIZER_TYPES = ['adamw', 'adafactor'] as const;
export type OptimizerType = (typeof OPTIMIZER_TYPES)[number];

/** `--optimizer_args` as parsed: transformers' Adafactor keyword arguments, camelCased (the learning rate aside). */
export type OptimizerArgs = Omit<AdafactorOptions, 'learningRate'>;

/**
 * The resolved options of one fine-tuning run: the flags of diffusers' train_text_to_image_sdxl.py,
 * camelCased, with its defaults. Optional fields are unset unless given.
 */
export interface TrainOptions {
  // Model
  pretrainedModelNameOrPath: string;
  pretrainedVaeModelNameOrPath?: string;
  /** A UNet folder to train instead of the pipeline's `unet/` (the CLI also takes Hub ids, `uid:<n>` and `best`). */
  pretrainedUnetModelNameOrPath?: string;
  revision?: string;
  variant?: string;
  cacheDir?: string;
  // Data
  trainDataDir: string;
  imageColumn: string;
  captionColumn: string;
  maxTrainSamples?: number;
  proportionEmptyPrompts: number;
  resolution: number;
  centerCrop: boolean;
  randomFlip: boolean;
  dataloaderNumWorkers: number;
  // Training
  seed?: number;
  trainBatchSize: number;
  numTrainEpochs: number;
  maxTrainSteps?: number;
  gradientAccumulationSteps: number;
  gradientCheckpointing: boolean;
  /** kohya's fused backward pass (Adafactor only): each checkpointed block updated inside the backward pass. */
  fusedBackwardPass: boolean;
  useEma: boolean;
  /** The EMA weights in host memory (Float32Arrays) instead of device tensors. */
  emaOffload: boolean;
  /** Optimizer steps between EMA updates. */
  emaUpdateInterval: number;
  // Optimizer and learning rate
  optimizerType: OptimizerType;
  /** Adafactor's settings (--optimizer_args), as given; transformers' defaults for the rest. */
  optimizerArgs?: OptimizerArgs;
  learningRate: number;
  scaleLr: boolean;
  lrScheduler: LrSchedulerName;
  lrWarmupSteps: number;
  lrNumCycles: number;
  lrPower: number;
  lrEnd: number;
  adamBeta1: number;
  adamBeta2: number;
  adamWeightDecay: number;
  adamEpsilon: number;
  maxGradNorm: number;
  // Diffusion objective
  predictionType?: PredictionType;
  noiseOffset: number;
  snrGamma?: number;
  timestepBiasStrategy: TimestepBiasStrategy;
  timestepBiasMultiplier: number;
  timestepBiasBegin: number;
  timestepBiasEnd: number;
  timestepBiasPortion: number;
  // Checkpoints, validation, logging
  outputDir: string;
  checkpointingSteps: number;
  checkpointsTotalLimit?: number;
  resumeFromCheckpoint?: string;
  validationPrompt?: string;
  numValidationImages: number;
  validationEpochs: number;
  /** Samples set aside (never trained on) for the evaluation loss every --validation_epochs; 0 turns it off. */
  evalHoldout: number;
  /** Where metrics go: `logging_dir` joined to `output_dir` (an absolute `logging_dir` stands alone), as in diffusers. */
  loggingDir: string;
}

/** What {@link parseTrainOptions} returns: the options, and what the user should know about them. */
export interface ParsedTrainOptions {
  options: TrainOptions;
  /** Flags accepted for compatibility that do nothing here, or settings that look unintended. */
  warnings: string[];
}

/** `list`: several words after the flag (`--optimizer_args a=1 b=2`). */
export type TrainOptionType = 'string' | 'number' | 'integer' | 'boolean' | 'list';

/** One command-line flag of `pixel model train sdxl`. */
export interface TrainOptionSpec {
  /** The snake_case flag of the diffusers script (the kebab-case spelling is accepted too). */
  flag: string;
  /** The field of {@link TrainOptions} it sets; undefined for diffusers flags that are only explained. */
  key?: keyof TrainOptions;
  type: TrainOptionType;
  default?: string | number | boolean;
  choices?: readonly string[];
  /** Whether a choice may be typed in any case (kohya writes `--optimizer_type AdamW`). */
  ignoreCase?: boolean;
  /** Other snake_case spellings, e.g. `num_epochs` for `num_train_epochs`. */
  aliases?: readonly string[];
  /** The largest value that can run (numbers only), and why, as the refusal says it. */
  max?: { value: number; why: string };
  group: string;
  describe: string;
}
