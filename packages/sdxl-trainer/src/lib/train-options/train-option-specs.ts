import { LR_SCHEDULERS } from '../lr-schedule/types.js';
import { TIMESTEP_BIAS_STRATEGIES } from '../timesteps/types.js';
import {
  MAX_BATCH_PIXELS,
  MAX_DATALOADER_WORKERS,
  MAX_RESOLUTION,
  MAX_SAMPLES,
  MAX_STEPS,
  MAX_VALIDATION_IMAGES,
} from './train-option-limits.js';
import {
  MIXED_PRECISION_CHOICES,
  OPTIMIZER_TYPES,
  PREDICTION_TYPES,
  REPORT_TO_CHOICES,
  type TrainOptionSpec,
} from './types.js';

const MODEL = 'Model:';
const DATA = 'Data:';
const TRAINING = 'Training:';
const OPTIMIZER = 'Optimizer and learning rate:';
const OBJECTIVE = 'Diffusion objective:';
const OUTPUT = 'Checkpoints, validation and logs:';
const COMPATIBILITY = 'diffusers flags explained but not used here:';

// Why each bound is what it is: see train-option-limits.ts.
const SAMPLES = {
  value: MAX_SAMPLES,
  why: 'a dataset has at most that many rows: rows are indexed with 32-bit integers',
};
const STEPS = {
  value: MAX_STEPS,
  why: 'the most optimizer steps a run can take: 8 months of steps at 10 ms, the fastest a full-size SDXL step can be',
};
const EPOCHS = {
  value: MAX_STEPS,
  why: `each epoch is at least one optimizer step, and a run takes at most ${MAX_STEPS}`,
};

/**
 * Every flag of `pixel model train sdxl` / `pixel-train`: the flags of diffusers'
 * train_text_to_image_sdxl.py with its defaults, in the order `--help` lists them. The CLI builds its
 * parser from this table and {@link parseTrainOptions} validates against it, so the two cannot drift.
 */
export const TRAIN_OPTION_SPECS: readonly TrainOptionSpec[] = [
  {
    flag: 'pretrained_model_name_or_path',
    key: 'pretrainedModelNameOrPath',
    type: 'string',
    group: MODEL,
    describe: 'SDXL pipeline to fine-tune: a local folder in the diffusers layout or a Hub id (required).',
  },
  {
    flag: 'pretrained_vae_model_name_or_path',
    key: 'pretrainedVaeModelNameOrPath',
    type: 'string',
    group: MODEL,
    describe: 'A separate VAE (folder or Hub id), e.g. madebyollin/sdxl-vae-fp16-fix as validators use.',
  },
  {
    flag: 'pretrained_unet_model_name_or_path',
    key: 'pretrainedUnetModelNameOrPath',
    type: 'string',
    group: MODEL,
    describe:
      "UNet to start from instead of the pipeline's unet/, e.g. the subnet's best model: a UNet folder (config.json + diffusion_pytorch_model.safetensors), a Hub id (namespace/name[@revision]), or uid:<n> / best (the model a uid committed on the chain, or the top-incentive one, verified as validators do). Text encoders, tokenizers, VAE and scheduler still come from --pretrained_model_name_or_path.",
  },
  {
    flag: 'revision',
    key: 'revision',
    type: 'string',
    group: MODEL,
    describe: 'Hub revision (branch, tag or commit) of the model.',
  },
  {
    flag: 'variant',
    key: 'variant',
    type: 'string',
    group: MODEL,
    describe: 'Weights variant to load, e.g. fp16.',
  },
  {
    flag: 'cache_dir',
    key: 'cacheDir',
    type: 'string',
    group: MODEL,
    describe: 'Where downloaded models are stored.',
  },

  {
    flag: 'train_data_dir',
    key: 'trainDataDir',
    type: 'string',
    group: DATA,
    describe:
      'Training images in the imagefolder layout: metadata.csv or metadata.jsonl with a file_name column and a caption column, as `pixel dataset generate` writes (required).',
  },
  {
    flag: 'image_column',
    key: 'imageColumn',
    type: 'string',
    default: 'image',
    group: DATA,
    describe:
      'Image column: "image" is the file named by metadata\'s file_name column (like <x>_file_name gives <x>).',
  },
  {
    flag: 'caption_column',
    key: 'captionColumn',
    type: 'string',
    default: 'text',
    group: DATA,
    describe: 'Caption column of the metadata.',
  },
  {
    flag: 'max_train_samples',
    key: 'maxTrainSamples',
    type: 'integer',
    max: SAMPLES,
    group: DATA,
    describe: 'Train on a random subset of this many samples (chosen with --seed).',
  },
  {
    flag: 'proportion_empty_prompts',
    key: 'proportionEmptyPrompts',
    type: 'number',
    default: 0,
    group: DATA,
    describe: 'Fraction of captions replaced by the empty prompt, in [0, 1].',
  },
  {
    flag: 'resolution',
    key: 'resolution',
    type: 'integer',
    default: 1024,
    max: {
      value: MAX_RESOLUTION,
      why: "SDXL's largest training size; at 4096 px a single attention score matrix would take 172 GB, more than any one accelerator holds",
    },
    group: DATA,
    describe:
      'Training resolution: the shorter side is resized to it (bilinear), then a square crop; a multiple of 8.',
  },
  {
    flag: 'center_crop',
    key: 'centerCrop',
    type: 'boolean',
    default: false,
    group: DATA,
    describe: 'Crop the center instead of a random square.',
  },
  {
    flag: 'random_flip',
    key: 'randomFlip',
    type: 'boolean',
    default: false,
    group: DATA,
    describe: 'Flip half of the images horizontally.',
  },
  {
    flag: 'dataloader_num_workers',
    key: 'dataloaderNumWorkers',
    type: 'integer',
    default: 0,
    max: {
      value: MAX_DATALOADER_WORKERS,
      why: "images decode on Node's thread pool, which has at most 1024 threads",
    },
    group: DATA,
    describe: 'Images decoded concurrently ahead of use (0: one at a time).',
  },

  {
    flag: 'seed',
    key: 'seed',
    type: 'integer',
    max: {
      value: Number.MAX_SAFE_INTEGER,
      why: 'the largest whole number a JavaScript number holds exactly',
    },
    group: TRAINING,
    describe: 'Seed for a reproducible run (a non-negative integer).',
  },
  {
    flag: 'train_batch_size',
    key: 'trainBatchSize',
    type: 'integer',
    default: 16,
    group: TRAINING,
    describe: `Images per step. At most ${MAX_BATCH_PIXELS} pixels a step (64 images at 1024 px, 256 at 512).`,
  },
  {
    flag: 'num_train_epochs',
    key: 'numTrainEpochs',
    type: 'integer',
    default: 100,
    aliases: ['num_epochs'],
    max: EPOCHS,
    group: TRAINING,
    describe: 'Passes over the dataset (--num_epochs is the same flag).',
  },
  {
    flag: 'max_train_steps',
    key: 'maxTrainSteps',
    type: 'integer',
    max: STEPS,
    group: TRAINING,
    describe: 'Total optimizer steps; overrides --num_train_epochs.',
  },
  {
    flag: 'gradient_accumulation_steps',
    key: 'gradientAccumulationSteps',
    type: 'integer',
    default: 1,
    max: {
      value: MAX_SAMPLES,
      why: 'a step accumulates batches of one epoch, and an epoch has at most that many',
    },
    group: TRAINING,
    describe: 'Batches whose gradients are summed before each optimizer step.',
  },
  {
    flag: 'gradient_checkpointing',
    key: 'gradientCheckpointing',
    type: 'boolean',
    default: false,
    group: TRAINING,
    describe: 'Recompute activations in the backward pass: less memory, slower steps.',
  },
  {
    flag: 'fused_backward_pass',
    key: 'fusedBackwardPass',
    type: 'boolean',
    default: false,
    group: TRAINING,
    describe:
      "kohya's fused backward pass, with --optimizer_type adafactor: each block's parameters are updated inside the backward pass as soon as their gradients exist, so the gradients never all exist at once (10.3 GB less for full-size SDXL). Turns on --gradient_checkpointing (the update runs in each block's recomputation); needs --gradient_accumulation_steps 1. --max_grad_norm then clips each tensor's gradient to that norm on its own (kohya's rule), not the norm of all of them together.",
  },
  {
    flag: 'use_ema',
    key: 'useEma',
    type: 'boolean',
    default: false,
    group: TRAINING,
    describe: 'Keep an exponential moving average of the UNet weights and save it as the result.',
  },
  {
    flag: 'ema_offload',
    key: 'emaOffload',
    type: 'boolean',
    default: false,
    group: TRAINING,
    describe:
      'With --use_ema: keep the averaged weights in host memory (4 bytes of RAM per parameter, 10.3 GB for full-size SDXL) instead of on the device; they are read from the device every --ema_update_interval steps.',
  },
  {
    flag: 'ema_update_interval',
    key: 'emaUpdateInterval',
    type: 'integer',
    default: 1,
    max: STEPS,
    group: TRAINING,
    describe:
      "With --use_ema: update the average every this many optimizer steps, moving it by N steps' worth of decay (1 - decay^N), so it spans as many steps as with 1.",
  },

  {
    flag: 'optimizer_type',
    key: 'optimizerType',
    type: 'string',
    default: 'adamw',
    choices: OPTIMIZER_TYPES,
    ignoreCase: true,
    group: OPTIMIZER,
    describe:
      "kohya's flag. adamw: torch.optim.AdamW with the --adam_* flags (two float32 moments, 20.5 GB for full-size SDXL). adafactor: transformers' Adafactor with --optimizer_args (a factored second moment, 0.98 GB for full-size SDXL, most of it for the 3x3 convolutions, factored over their kernels as in PyTorch; beta1 adds a 10.3 GB first moment); with relative_step=True, its default, it sets its own step size, so --learning_rate and the --lr_* schedule do not apply: pass --optimizer_args relative_step=False scale_parameter=False warmup_init=False to use them.",
  },
  {
    flag: 'optimizer_args',
    key: 'optimizerArgs',
    type: 'list',
    group: OPTIMIZER,
    describe:
      "Adafactor's settings as key=value words (kohya-style): scale_parameter, relative_step, warmup_init (True or False), clip_threshold, decay_rate, weight_decay (numbers), beta1 (a number, or None for no first moment), eps (two numbers: eps=1e-30,1e-3). transformers' defaults for the rest.",
  },
  {
    flag: 'learning_rate',
    key: 'learningRate',
    type: 'number',
    default: 1e-4,
    group: OPTIMIZER,
    describe: 'Peak learning rate (after warmup).',
  },
  {
    flag: 'scale_lr',
    key: 'scaleLr',
    type: 'boolean',
    default: false,
    group: OPTIMIZER,
    describe: 'Multiply the learning rate by gradient_accumulation_steps * train_batch_size * processes.',
  },
  {
    flag: 'lr_scheduler',
    key: 'lrScheduler',
    type: 'string',
    default: 'constant',
    choices: LR_SCHEDULERS,
    group: OPTIMIZER,
    describe: 'Learning-rate schedule.',
  },
  {
    flag: 'lr_warmup_steps',
    key: 'lrWarmupSteps',
    type: 'integer',
    default: 500,
    max: STEPS,
    group: OPTIMIZER,
    describe: 'Optimizer steps of linear warmup from 0 (ignored by "constant").',
  },
  {
    flag: 'lr_num_cycles',
    key: 'lrNumCycles',
    type: 'number',
    default: 1,
    group: OPTIMIZER,
    describe: 'Hard restarts of cosine_with_restarts.',
  },
  {
    flag: 'lr_power',
    key: 'lrPower',
    type: 'number',
    default: 1,
    group: OPTIMIZER,
    describe: 'Power of the polynomial schedule.',
  },
  {
    flag: 'lr_end',
    key: 'lrEnd',
    type: 'number',
    default: 1e-7,
    group: OPTIMIZER,
    describe: 'Final learning rate of the polynomial schedule.',
  },
  {
    flag: 'adam_beta1',
    key: 'adamBeta1',
    type: 'number',
    default: 0.9,
    group: OPTIMIZER,
    describe: 'AdamW beta1.',
  },
  {
    flag: 'adam_beta2',
    key: 'adamBeta2',
    type: 'number',
    default: 0.999,
    group: OPTIMIZER,
    describe: 'AdamW beta2.',
  },
  {
    flag: 'adam_weight_decay',
    key: 'adamWeightDecay',
    type: 'number',
    default: 1e-2,
    group: OPTIMIZER,
    describe: 'AdamW decoupled weight decay.',
  },
  {
    flag: 'adam_epsilon',
    key: 'adamEpsilon',
    type: 'number',
    default: 1e-8,
    group: OPTIMIZER,
    describe: 'AdamW epsilon.',
  },
  {
    flag: 'max_grad_norm',
    key: 'maxGradNorm',
    type: 'number',
    default: 1,
    group: OPTIMIZER,
    describe:
      "Clip the global gradient norm to this value (with --fused_backward_pass, each tensor's gradient norm on its own).",
  },

  {
    flag: 'prediction_type',
    key: 'predictionType',
    type: 'string',
    choices: PREDICTION_TYPES,
    group: OBJECTIVE,
    describe: "Training target; default: the model scheduler's prediction_type.",
  },
  {
    flag: 'noise_offset',
    key: 'noiseOffset',
    type: 'number',
    default: 0,
    group: OBJECTIVE,
    describe: 'Scale of per-channel offset noise added to the noise (validators use 0.1).',
  },
  {
    flag: 'snr_gamma',
    key: 'snrGamma',
    type: 'number',
    group: OBJECTIVE,
    describe: 'Min-SNR loss weighting gamma (validators use 5); unset: plain MSE.',
  },
  {
    flag: 'timestep_bias_strategy',
    key: 'timestepBiasStrategy',
    type: 'string',
    default: 'none',
    choices: TIMESTEP_BIAS_STRATEGIES,
    group: OBJECTIVE,
    describe: 'Sample some timesteps more often: the earlier or later portion, or a range.',
  },
  {
    flag: 'timestep_bias_multiplier',
    key: 'timestepBiasMultiplier',
    type: 'number',
    default: 1,
    group: OBJECTIVE,
    describe: 'Weight of the biased timesteps (2: twice as often); must be > 0.',
  },
  {
    flag: 'timestep_bias_begin',
    key: 'timestepBiasBegin',
    type: 'integer',
    default: 0,
    group: OBJECTIVE,
    describe: 'First biased timestep of the range strategy.',
  },
  {
    flag: 'timestep_bias_end',
    key: 'timestepBiasEnd',
    type: 'integer',
    default: 1000,
    group: OBJECTIVE,
    describe: 'End (exclusive) of the range strategy.',
  },
  {
    flag: 'timestep_bias_portion',
    key: 'timestepBiasPortion',
    type: 'number',
    default: 0.25,
    group: OBJECTIVE,
    describe: 'Fraction of timesteps the earlier/later strategies bias, in [0, 1].',
  },

  {
    flag: 'output_dir',
    key: 'outputDir',
    type: 'string',
    default: 'sdxl-model-finetuned',
    group: OUTPUT,
    describe: 'Where the trained pipeline (UNet in unet/) and checkpoint-<step> folders go.',
  },
  {
    flag: 'checkpointing_steps',
    key: 'checkpointingSteps',
    type: 'integer',
    default: 500,
    max: STEPS,
    group: OUTPUT,
    describe: 'Save a resumable checkpoint every this many optimizer steps.',
  },
  {
    flag: 'checkpoints_total_limit',
    key: 'checkpointsTotalLimit',
    type: 'integer',
    max: {
      value: MAX_STEPS,
      why: `a run saves at most one checkpoint per optimizer step, and takes at most ${MAX_STEPS} steps`,
    },
    group: OUTPUT,
    describe: 'Keep at most this many checkpoints (oldest removed first).',
  },
  {
    flag: 'resume_from_checkpoint',
    key: 'resumeFromCheckpoint',
    type: 'string',
    group: OUTPUT,
    describe: 'Resume from a checkpoint folder, or "latest" in --output_dir.',
  },
  {
    flag: 'validation_prompt',
    key: 'validationPrompt',
    type: 'string',
    group: OUTPUT,
    describe: 'Prompt sampled every --validation_epochs into output_dir/validation/.',
  },
  {
    flag: 'num_validation_images',
    key: 'numValidationImages',
    type: 'integer',
    default: 4,
    max: {
      value: MAX_VALIDATION_IMAGES,
      why: 'each image is 50 UNet passes; 1024 take as long as ~17,000 training steps, at every validation',
    },
    group: OUTPUT,
    describe: 'Images per validation.',
  },
  {
    flag: 'validation_epochs',
    key: 'validationEpochs',
    type: 'integer',
    default: 1,
    max: EPOCHS,
    group: OUTPUT,
    describe:
      'Validate (sample --validation_prompt, compute the --eval_holdout loss) every this many epochs.',
  },
  {
    flag: 'eval_holdout',
    key: 'evalHoldout',
    type: 'integer',
    default: 0,
    max: SAMPLES,
    group: OUTPUT,
    describe:
      'Set aside this many samples (chosen with --seed, never trained on) and log their loss, computed as validators do, before training, every --validation_epochs and at the end (0: off, train on everything).',
  },
  {
    flag: 'logging_dir',
    key: 'loggingDir',
    type: 'string',
    default: 'logs',
    group: OUTPUT,
    describe: 'Metrics folder (JSONL), relative to --output_dir.',
  },

  {
    flag: 'report_to',
    type: 'string',
    default: 'tensorboard',
    choices: REPORT_TO_CHOICES,
    group: COMPATIBILITY,
    describe:
      'Metrics always go to <logging_dir>/metrics.jsonl; tensorboard/wandb/comet_ml are not available.',
  },
  {
    flag: 'mixed_precision',
    type: 'string',
    choices: MIXED_PRECISION_CHOICES,
    group: COMPATIBILITY,
    describe: 'Training runs in float32: only "no" is accepted.',
  },
  {
    flag: 'enable_xformers_memory_efficient_attention',
    type: 'boolean',
    group: COMPATIBILITY,
    describe: "No effect: attention runs on the backend's own kernels.",
  },
  { flag: 'allow_tf32', type: 'boolean', group: COMPATIBILITY, describe: 'No effect: no TF32 here.' },
  {
    flag: 'use_8bit_adam',
    type: 'boolean',
    group: COMPATIBILITY,
    describe: 'Not available (bitsandbytes): AdamW keeps float32 moments.',
  },
  {
    flag: 'dataset_name',
    type: 'string',
    group: COMPATIBILITY,
    describe: 'Not available: use --train_data_dir with a folder from `pixel dataset generate`.',
  },
  {
    flag: 'dataset_config_name',
    type: 'string',
    group: COMPATIBILITY,
    describe: 'Not available, as --dataset_name.',
  },
  {
    flag: 'push_to_hub',
    type: 'boolean',
    group: COMPATIBILITY,
    describe: 'Not available: publish with `pixel model upload`, which also commits to the chain.',
  },
  { flag: 'hub_model_id', type: 'string', group: COMPATIBILITY, describe: 'Ignored, as --push_to_hub.' },
  {
    flag: 'hub_token',
    type: 'string',
    group: COMPATIBILITY,
    describe: 'Ignored, as --push_to_hub (never pass tokens on a command line).',
  },
  {
    flag: 'local_rank',
    type: 'integer',
    group: COMPATIBILITY,
    describe: 'Ignored: training runs in one process.',
  },
];
