import type * as tf from '@tensorflow/tfjs-core';
import type { ImageFolderDataset } from '../data/types.js';
import type { OptimizerType } from '../train-options/types.js';

/** What a checkpoint records besides tensors (`training_state.json`). */
export interface TrainingState {
  format: 1;
  /** Optimizer steps completed. */
  globalStep: number;
  /** The run's seed: with the step it fixes all later randomness (data order, augmentation, noise). */
  seed: number;
  /** The loss curve's exponential moving average, so the resumed curve continues seamlessly. */
  smoothedLoss: number | null;
  /** EMAModel optimization_step, when --use_ema. */
  emaOptimizationStep?: number;
  /** The optimizer whose state optimizer.safetensors holds (absent in checkpoints from before Adafactor: AdamW). */
  optimizer?: SavedOptimizer;
  /** The plan the run was started with, to refuse resuming against a different dataset or length. */
  datasetLength: number;
  /** --eval_holdout of the run (absent in checkpoints of runs before it existed: 0); part of datasetLength. */
  evalHoldout?: number;
  maxTrainSteps: number;
}

/** Which optimizer wrote a checkpoint, with its settings (Adafactor's as transformers names them, camelCased). */
export interface SavedOptimizer {
  type: OptimizerType;
  options: Record<string, number | boolean | number[]>;
}

/**
 * An exponential moving average of the UNet's trainable variables (--use_ema): EmaModel on the device or
 * HostEmaModel in host memory (--ema_offload). `shadow[i]` averages variable i, in its memory layout.
 */
export interface AveragedWeights {
  /** Optimizer steps seen, saved with checkpoints. */
  optimizationStep: number;
  readonly updateInterval: number;
  readonly shadow: readonly (tf.Tensor | Float32Array)[];
  /** Called after every optimizer step; updates the average every `updateInterval` steps. */
  step(): void | Promise<void>;
  /** Writes the averaged weights into the model (before the final save). */
  copyTo(): void;
  /** Runs `use` with the averaged weights in the model, then puts the trained ones back exactly. */
  withAveragedWeights<T>(use: () => Promise<T>): Promise<T>;
  /** Restores averaged tensor `index` from a checkpoint. */
  setShadow(index: number, values: Float32Array): void;
  dispose(): void;
}

/** One optimizer step, as reported to `onEvent` and written to metrics.jsonl. */
export interface TrainStepEvent {
  type: 'step';
  /** Optimizer steps done (1-based). */
  step: number;
  maxTrainSteps: number;
  epoch: number;
  /** Mean loss of the step's micro-batches. */
  loss: number;
  /** Exponential moving average of the loss (factor 0.05): the readable curve. */
  smoothedLoss: number;
  /** Learning rate used for this step. */
  lr: number;
  /** Gradient norm before clipping. */
  gradNorm: number;
  /** Optimizer steps per second in this process so far. */
  stepsPerSecond: number;
  /** Estimated seconds left. */
  etaSeconds: number;
  /** Seconds since training (not caching) started in this process. */
  seconds: number;
}

/**
 * The held-out evaluation loss (--eval_holdout): the validator's loss (seed 1, offset noise 0.1, uniform
 * timesteps, min-SNR 5) averaged over the held-out samples, on the EMA weights with --use_ema. Also
 * written to metrics.jsonl as `{"step", "epoch", "eval_loss", "eval_samples"}`.
 */
export interface TrainEvalEvent {
  type: 'eval';
  /** Optimizer steps done when evaluated: 0 before training, then after every --validation_epochs-th epoch and at the end. */
  step: number;
  epoch: number;
  loss: number;
  /** Held-out samples averaged. */
  samples: number;
}

/** Everything `train` reports while it runs. */
export type TrainEvent =
  | { type: 'cache'; done: number; total: number; reused: number }
  | { type: 'cache-done'; encoded: number; reused: number; cacheDir: string }
  | { type: 'resume'; checkpoint: string; step: number }
  | TrainStepEvent
  | { type: 'checkpoint'; path: string; step: number }
  | { type: 'validation'; epoch: number; files: string[] }
  | TrainEvalEvent
  | { type: 'done'; outputDir: string; step: number };

/** Where `train` sends human-readable lines (a pino logger fits). */
export interface TrainLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface TrainHooks {
  onEvent?: (event: TrainEvent) => void;
  /**
   * Stops training without losing work: the step in progress finishes and is saved as a checkpoint, then
   * `train` rejects with a TrainingInterruptedError naming it (before the first step it rejects at once; after
   * the last one the trained pipeline is saved as usual). The CLI aborts it on Ctrl-C and SIGTERM.
   */
  signal?: AbortSignal;
  logger?: TrainLogger;
  /**
   * Where latents and prompt embeddings are cached; default `<--cache_dir>/pixel-training-cache`, or
   * `~/.cache/pixel/training-cache` without --cache_dir.
   */
  trainingCacheDir?: string;
  /**
   * --train_data_dir as the caller already indexed it with `openImageFolder` (same directory and columns, no
   * `maxTrainSamples`: train draws that subset itself, with the run's seed, which a resumed run reads from its
   * checkpoint), so it is not indexed, every image decoded, a second time. train leaves it open: the caller
   * closes it.
   */
  dataset?: ImageFolderDataset;
}

export interface TrainResult {
  outputDir: string;
  /** Optimizer steps done, including those before a resume. */
  globalStep: number;
  seed: number;
  /** Cache entries computed by this run (VAE + text encoder forwards) and reused from disk. */
  cache: { encoded: number; reused: number };
  firstSmoothedLoss?: number;
  lastSmoothedLoss?: number;
  /** The first and last held-out evaluation loss of this process (with --eval_holdout); the last is the saved model's. */
  firstEvalLoss?: number;
  lastEvalLoss?: number;
}
