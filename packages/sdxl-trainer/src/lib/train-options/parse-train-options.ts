import path from 'node:path';
import { adafactorOptionProblems } from '../optim/adafactor-option-problems.js';
import { parseOptimizerArgs } from './parse-optimizer-args.js';
import { MAX_BATCH_PIXELS, MAX_RESOLUTION } from './train-option-limits.js';
import { TRAIN_OPTION_SPECS } from './train-option-specs.js';
import { TrainOptionsError } from './train-options-error.js';
import type { ParsedTrainOptions, TrainOptionSpec, TrainOptions } from './types.js';

type Value = string | number | boolean | string[];

const kebab = (flag: string) => flag.replace(/_/g, '-');
const camel = (flag: string) => flag.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Every accepted spelling of every flag: snake_case, kebab-case, camelCase, and the aliases'. */
const SPEC_BY_SPELLING = new Map<string, TrainOptionSpec>(
  TRAIN_OPTION_SPECS.flatMap((spec) =>
    [spec.flag, ...(spec.aliases ?? [])].flatMap((name) =>
      [name, kebab(name), camel(name)].map((s) => [s, spec] as const),
    ),
  ),
);

function coerce(spec: TrainOptionSpec, raw: unknown, problems: string[]): Value | undefined {
  const flag = `--${spec.flag}`;
  if (spec.type === 'list') {
    // yargs gives the words after the flag; a program may give them as one string.
    const words = typeof raw === 'string' ? raw.split(/\s+/).filter(Boolean) : raw;
    if (
      Array.isArray(words) &&
      words.every((word) => ['string', 'number', 'boolean'].includes(typeof word))
    ) {
      return words.map(String);
    }
    problems.push(`${flag} needs words such as key=value, got ${JSON.stringify(raw)}.`);
    return undefined;
  }
  if (Array.isArray(raw)) {
    problems.push(
      `${flag} was given more than once (${raw.map((v) => JSON.stringify(v)).join(', ')}): pass it once.`,
    );
    return undefined;
  }
  switch (spec.type) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      problems.push(`${flag} is a switch (true or false), got ${JSON.stringify(raw)}.`);
      return undefined;
    case 'string':
      if (typeof raw === 'string' || typeof raw === 'number') return String(raw);
      problems.push(`${flag} needs a text value, got ${JSON.stringify(raw)}.`);
      return undefined;
    case 'number':
    case 'integer': {
      const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        problems.push(`${flag} needs a number, got ${JSON.stringify(raw)}.`);
        return undefined;
      }
      if (spec.type === 'integer' && !Number.isInteger(value)) {
        problems.push(`${flag} needs a whole number, got ${value}.`);
        return undefined;
      }
      return value;
    }
  }
}

/** Collects each flag's value from whichever spellings were used, refusing unknown and conflicting ones. */
function collect(input: Readonly<Record<string, unknown>>, problems: string[]): Map<string, Value> {
  const values = new Map<string, Value>();
  const spelledAs = new Map<string, string>();
  for (const [name, raw] of Object.entries(input)) {
    if (raw === undefined) continue;
    const spec = SPEC_BY_SPELLING.get(name);
    if (!spec) {
      problems.push(`unknown option --${name}; \`pixel model train sdxl --help\` lists them all.`);
      continue;
    }
    const value = coerce(spec, raw, problems);
    if (value === undefined) continue;
    const previous = values.get(spec.flag);
    if (previous !== undefined && JSON.stringify(previous) !== JSON.stringify(value)) {
      problems.push(
        `--${spelledAs.get(spec.flag)} ${previous} and --${name} ${value} set the same option: pass one.`,
      );
      continue;
    }
    values.set(spec.flag, value);
    spelledAs.set(spec.flag, name);
  }
  return values;
}

/** What the checks of one parse share: the options resolved, the flags typed, and what was found. */
interface OptionChecks {
  o: TrainOptions;
  /** The values typed, by snake_case flag (defaults not applied). */
  given: ReadonlyMap<string, Value>;
  isGiven: (flag: string) => boolean;
  /** Records `problem` unless `ok`. */
  need: (ok: boolean, problem: string) => void;
  problems: string[];
  warnings: string[];
}

/** Every flag's value, typed or the default, each checked against its choices and maximum. */
function applyDefaults(given: ReadonlyMap<string, Value>, problems: string[]): TrainOptions {
  const resolved: Record<string, Value | undefined> = {};
  for (const spec of TRAIN_OPTION_SPECS) {
    const typed = given.get(spec.flag);
    const value =
      spec.ignoreCase && typeof typed === 'string' ? typed.toLowerCase() : (typed ?? spec.default);
    if (value !== undefined && spec.choices && !spec.choices.includes(String(value))) {
      problems.push(`unknown --${spec.flag} "${value}": choose one of ${spec.choices.join(', ')}.`);
    }
    if (typeof value === 'number' && spec.max && value > spec.max.value) {
      problems.push(`--${spec.flag} must be at most ${spec.max.value} (${spec.max.why}), got ${value}.`);
    }
    if (spec.key) resolved[spec.key] = value;
  }
  return resolved as unknown as TrainOptions;
}

/** Where the model and data come from. */
function checkSources(checks: OptionChecks): void {
  const { o, isGiven, need, problems } = checks;
  need(
    Boolean(o.pretrainedModelNameOrPath),
    '--pretrained_model_name_or_path is required: a local SDXL pipeline folder or a Hub id such as stabilityai/stable-diffusion-xl-base-1.0.',
  );
  if (o.pretrainedUnetModelNameOrPath !== undefined) {
    need(
      o.pretrainedUnetModelNameOrPath !== '',
      "--pretrained_unet_model_name_or_path needs a UNet folder, a Hub id, uid:<n> or best; leave it out to train the pipeline's own unet/.",
    );
  }
  if (isGiven('dataset_name') || isGiven('dataset_config_name')) {
    problems.push(
      '--dataset_name/--dataset_config_name would download a dataset from the Hub while training, which pixel does not do: build the folder with `pixel dataset generate` (or download it) and pass --train_data_dir.',
    );
  } else {
    need(
      Boolean(o.trainDataDir),
      '--train_data_dir is required: the folder `pixel dataset generate` wrote (images + metadata.csv).',
    );
  }
}

/** The data flags: resolution, batch size, captions, columns. */
function checkData(checks: OptionChecks): void {
  const { o, need } = checks;
  need(
    o.resolution > 0 && o.resolution % 8 === 0,
    `--resolution must be a positive multiple of 8 (the VAE downsamples by 8), got ${o.resolution}.`,
  );
  const resolutionRuns = o.resolution > 0 && o.resolution % 8 === 0 && o.resolution <= MAX_RESOLUTION;
  if (resolutionRuns && o.trainBatchSize >= 1) {
    const maxBatch = Math.floor(MAX_BATCH_PIXELS / o.resolution ** 2);
    need(
      o.trainBatchSize <= maxBatch,
      `--train_batch_size ${o.trainBatchSize} at --resolution ${o.resolution} is more images than one step can hold: at most ${maxBatch} of ${o.resolution} x ${o.resolution} (a batch holds at most ${MAX_BATCH_PIXELS} pixels, about twice what the largest accelerator fits for full-size SDXL with --gradient_checkpointing). Lower it and raise --gradient_accumulation_steps for the same effective batch.`,
    );
  }
  need(
    o.proportionEmptyPrompts >= 0 && o.proportionEmptyPrompts <= 1,
    `--proportion_empty_prompts must be in the range [0, 1], got ${o.proportionEmptyPrompts}.`,
  );
  need(o.imageColumn !== '', '--image_column must not be empty.');
  need(o.captionColumn !== '', '--caption_column must not be empty.');
}

/** Counts that must be at least 1, and those that must be 0 or more. */
function checkCounts(checks: OptionChecks): void {
  const { given, need } = checks;
  const positive = [
    'train_batch_size',
    'num_train_epochs',
    'max_train_steps',
    'gradient_accumulation_steps',
    'checkpointing_steps',
    'ema_update_interval',
  ];
  for (const flag of [...positive, 'checkpoints_total_limit', 'validation_epochs', 'max_train_samples']) {
    const value = given.get(flag) ?? TRAIN_OPTION_SPECS.find((s) => s.flag === flag)?.default;
    if (value !== undefined) need((value as number) >= 1, `--${flag} must be at least 1, got ${value}.`);
  }
  for (const flag of [
    'lr_warmup_steps',
    'dataloader_num_workers',
    'num_validation_images',
    'eval_holdout',
    'seed',
    'timestep_bias_begin',
  ]) {
    const value = given.get(flag) ?? TRAIN_OPTION_SPECS.find((s) => s.flag === flag)?.default;
    if (value !== undefined) need((value as number) >= 0, `--${flag} must be 0 or more, got ${value}.`);
  }
}

/** The optimizer and the learning-rate schedule, and schedule flags the chosen schedule ignores. */
function checkSchedule(checks: OptionChecks): void {
  const { o, isGiven, need, warnings } = checks;
  need(o.learningRate > 0, `--learning_rate must be greater than 0, got ${o.learningRate}.`);
  need(o.adamBeta1 >= 0 && o.adamBeta1 < 1, `--adam_beta1 must be in [0, 1), got ${o.adamBeta1}.`);
  need(o.adamBeta2 >= 0 && o.adamBeta2 < 1, `--adam_beta2 must be in [0, 1), got ${o.adamBeta2}.`);
  need(o.adamWeightDecay >= 0, `--adam_weight_decay must be 0 or more, got ${o.adamWeightDecay}.`);
  need(o.adamEpsilon >= 0, `--adam_epsilon must be 0 or more, got ${o.adamEpsilon}.`);
  need(o.maxGradNorm > 0, `--max_grad_norm must be greater than 0, got ${o.maxGradNorm}.`);
  need(o.lrNumCycles > 0, `--lr_num_cycles must be greater than 0, got ${o.lrNumCycles}.`);
  need(o.lrPower > 0, `--lr_power must be greater than 0, got ${o.lrPower}.`);
  need(o.lrEnd >= 0, `--lr_end must be 0 or more, got ${o.lrEnd}.`);
  if (o.lrScheduler === 'polynomial') {
    need(
      o.lrEnd < o.learningRate,
      `--lr_end (${o.lrEnd}) must be smaller than --learning_rate (${o.learningRate}) for the polynomial schedule.`,
    );
  }
  if (o.lrScheduler === 'constant' && isGiven('lr_warmup_steps') && o.lrWarmupSteps > 0) {
    warnings.push(
      '--lr_warmup_steps has no effect with --lr_scheduler constant (as in diffusers); use constant_with_warmup to warm up.',
    );
  }
  if (isGiven('lr_num_cycles') && o.lrScheduler !== 'cosine_with_restarts') {
    warnings.push('--lr_num_cycles only applies to --lr_scheduler cosine_with_restarts; it is ignored.');
  }
  for (const flag of ['lr_power', 'lr_end']) {
    if (isGiven(flag) && o.lrScheduler !== 'polynomial')
      warnings.push(`--${flag} only applies to --lr_scheduler polynomial; it is ignored.`);
  }
  if (isGiven('max_train_steps') && isGiven('num_train_epochs')) {
    warnings.push(
      '--max_train_steps overrides --num_train_epochs: training stops after max_train_steps optimizer steps.',
    );
  }
}

/** The optimizer: --optimizer_args for Adafactor only, read and checked; flags the chosen one ignores. */
function checkOptimizer(checks: OptionChecks): void {
  const { o, given, isGiven, problems, warnings } = checks;
  const words = given.get('optimizer_args') as string[] | undefined;
  if (o.optimizerType !== 'adafactor') {
    if (words?.length) {
      problems.push(
        `--optimizer_args ${words.join(' ')} are Adafactor's settings, and --optimizer_type is ${o.optimizerType}: pass --optimizer_type adafactor, or drop --optimizer_args (AdamW takes --adam_beta1, --adam_beta2, --adam_weight_decay and --adam_epsilon).`,
      );
    }
    return;
  }
  const { args, problems: wordProblems } = parseOptimizerArgs(words ?? []);
  problems.push(...wordProblems, ...adafactorOptionProblems(args).map((p) => `--optimizer_args ${p}`));
  o.optimizerArgs = words ? args : undefined;
  const adamFlags = ['adam_beta1', 'adam_beta2', 'adam_weight_decay', 'adam_epsilon'].filter(isGiven);
  if (adamFlags.length > 0) {
    warnings.push(
      `${adamFlags.map((f) => `--${f}`).join(', ')} only apply to AdamW; Adafactor takes its settings from --optimizer_args (e.g. weight_decay=0.01 beta1=0.9).`,
    );
  }
  // transformers' default: Adafactor computes its own step size, min(1e-2, 1/sqrt(step)) times the weights' RMS.
  if (args.relativeStep === false) return;
  if (isGiven('learning_rate')) {
    problems.push(
      `--learning_rate ${o.learningRate} cannot apply: Adafactor with relative_step=True (transformers' default) computes its own step size. To train at your learning rate, pass --optimizer_args relative_step=False scale_parameter=False warmup_init=False, as kohya's SDXL guides do; or drop --learning_rate.`,
    );
  }
  const scheduleFlags = ['lr_scheduler', 'lr_warmup_steps', 'scale_lr'].filter(isGiven);
  if (scheduleFlags.length > 0) {
    warnings.push(
      `${scheduleFlags.map((f) => `--${f}`).join(', ')} have no effect: Adafactor with relative_step=True sets its own step size, so the learning-rate schedule does not apply. Pass --optimizer_args relative_step=False scale_parameter=False warmup_init=False to use it.`,
    );
  }
}

/** --fused_backward_pass: Adafactor, gradient checkpointing (turned on here) and no accumulation. */
function checkFusedBackwardPass(checks: OptionChecks): void {
  const { o, given, need, warnings } = checks;
  if (!o.fusedBackwardPass) return;
  need(
    o.optimizerType === 'adafactor',
    `--fused_backward_pass needs --optimizer_type adafactor (kohya's rule): AdamW's two moments per parameter would outweigh the gradients the fused pass saves. Pass --optimizer_type adafactor, or drop --fused_backward_pass.`,
  );
  need(
    o.gradientAccumulationSteps === 1,
    `--fused_backward_pass updates each block's parameters as soon as their gradients exist, so there is nothing to sum over --gradient_accumulation_steps ${o.gradientAccumulationSteps}: pass --gradient_accumulation_steps 1 (a larger --train_batch_size gives a larger batch), or drop --fused_backward_pass.`,
  );
  if (given.get('gradient_checkpointing') === false) {
    checks.problems.push(
      "--fused_backward_pass runs each block's update inside the block's recomputation in the backward pass, so it needs gradient checkpointing: drop --gradient_checkpointing false.",
    );
  } else if (!o.gradientCheckpointing) {
    o.gradientCheckpointing = true;
    warnings.push(
      "--fused_backward_pass turns on --gradient_checkpointing: each block's update runs inside the block's recomputation in the backward pass.",
    );
  }
}

/** EMA flags that do nothing without --use_ema. */
function checkEma(checks: OptionChecks): void {
  const { o, isGiven, warnings } = checks;
  if (o.useEma) return;
  if (o.emaOffload) warnings.push('--ema_offload has no effect without --use_ema.');
  if (isGiven('ema_update_interval')) warnings.push('--ema_update_interval has no effect without --use_ema.');
}

/** The diffusion objective: offset noise, min-SNR, the timestep bias. */
function checkObjective(checks: OptionChecks): void {
  const { o, isGiven, need, warnings } = checks;
  need(o.noiseOffset >= 0, `--noise_offset must be 0 or more, got ${o.noiseOffset}.`);
  if (o.snrGamma !== undefined)
    need(
      o.snrGamma > 0,
      `--snr_gamma must be greater than 0 (leave it out for plain MSE), got ${o.snrGamma}.`,
    );
  need(
    o.timestepBiasPortion >= 0 && o.timestepBiasPortion <= 1,
    `--timestep_bias_portion must be in the range [0, 1], got ${o.timestepBiasPortion}.`,
  );
  if (o.timestepBiasStrategy === 'none') {
    const unused = [
      'timestep_bias_multiplier',
      'timestep_bias_begin',
      'timestep_bias_end',
      'timestep_bias_portion',
    ].filter(isGiven);
    if (unused.length > 0) {
      warnings.push(
        `${unused.map((f) => `--${f}`).join(', ')} have no effect without --timestep_bias_strategy earlier, later or range.`,
      );
    }
  } else {
    need(
      o.timestepBiasMultiplier > 0,
      `--timestep_bias_multiplier must be greater than 0, got ${o.timestepBiasMultiplier}; to train without a bias use --timestep_bias_strategy none.`,
    );
    if (o.timestepBiasStrategy === 'range') {
      need(
        o.timestepBiasBegin < o.timestepBiasEnd,
        `--timestep_bias_begin (${o.timestepBiasBegin}) must be below --timestep_bias_end (${o.timestepBiasEnd}) for the range strategy.`,
      );
    }
  }
}

/** Validation and output. */
function checkValidationAndOutput(checks: OptionChecks): void {
  const { o, isGiven, need, warnings } = checks;
  if (!o.validationPrompt && isGiven('num_validation_images')) {
    warnings.push('--num_validation_images has no effect without --validation_prompt.');
  }
  // --validation_epochs paces both the sample images and the evaluation loss.
  if (!o.validationPrompt && o.evalHoldout === 0 && isGiven('validation_epochs')) {
    warnings.push('--validation_epochs has no effect without --validation_prompt or --eval_holdout.');
  }
  need(o.outputDir !== '', '--output_dir must not be empty.');
  if (o.resumeFromCheckpoint !== undefined) {
    need(o.resumeFromCheckpoint !== '', '--resume_from_checkpoint needs a checkpoint folder or "latest".');
  }
}

/** diffusers flags that cannot apply here: refused when they would change the result, warned about otherwise. */
function checkDiffusersFlags(checks: OptionChecks): void {
  const { given, isGiven, problems, warnings } = checks;
  const mixedPrecision = given.get('mixed_precision');
  if (mixedPrecision === 'fp16' || mixedPrecision === 'bf16') {
    problems.push(
      `--mixed_precision ${mixedPrecision} is not available: pixel trains in float32 on every backend (plan memory for fp32 weights, gradients and AdamW moments). Drop the flag or pass --mixed_precision no.`,
    );
  }
  if (given.get('use_8bit_adam') === true) {
    problems.push(
      '--use_8bit_adam is not available (bitsandbytes is CUDA-only): AdamW keeps float32 moments, 8 bytes per trained parameter. Drop the flag.',
    );
  }
  if (given.get('push_to_hub') === true) {
    problems.push(
      '--push_to_hub is not how pixel publishes: after training run `pixel model upload` on output_dir/unet, which uploads, hashes and commits the model to the chain. Drop the flag.',
    );
  }
  if (isGiven('report_to')) {
    warnings.push(
      `--report_to ${given.get('report_to')} is not available offline; metrics are written to ${path.join('<output_dir>', '<logging_dir>', 'metrics.jsonl')}.`,
    );
  }
  if (given.get('enable_xformers_memory_efficient_attention') === true) {
    warnings.push(
      "--enable_xformers_memory_efficient_attention has no effect: attention runs on the backend's own kernels.",
    );
  }
  if (given.get('allow_tf32') === true) warnings.push('--allow_tf32 has no effect: there is no TF32 here.');
  for (const flag of ['hub_model_id', 'hub_token']) {
    if (isGiven(flag)) warnings.push(`--${flag} is ignored: pixel publishes with \`pixel model upload\`.`);
  }
  const localRank = given.get('local_rank');
  if (localRank !== undefined && localRank !== -1)
    warnings.push('--local_rank is ignored: training runs in a single process.');
}

/**
 * Resolves and validates the options of a fine-tuning run from flag values keyed by any spelling
 * (`train_batch_size`, `train-batch-size`, `trainBatchSize`, or an alias such as `num_epochs`),
 * strings or typed values, as yargs or a program passes them. Flags not given take the defaults of
 * diffusers' train_text_to_image_sdxl.py. Every problem is reported at once in a
 * {@link TrainOptionsError}; flags that change nothing here come back as warnings.
 */
export function parseTrainOptions(input: Readonly<Record<string, unknown>>): ParsedTrainOptions {
  const problems: string[] = [];
  const warnings: string[] = [];
  const given = collect(input, problems);
  const o = applyDefaults(given, problems);
  const checks: OptionChecks = {
    o,
    given,
    isGiven: (flag) => given.has(flag),
    need: (ok, problem) => {
      if (!ok) problems.push(problem);
    },
    problems,
    warnings,
  };
  for (const check of [
    checkSources,
    checkData,
    checkCounts,
    checkSchedule,
    checkOptimizer,
    checkFusedBackwardPass,
    checkEma,
    checkObjective,
    checkValidationAndOutput,
    checkDiffusersFlags,
  ]) {
    check(checks);
  }
  if (problems.length > 0) throw new TrainOptionsError(problems, warnings);
  // Python's Path(output_dir, logging_dir): an absolute logging_dir replaces output_dir.
  o.loggingDir = path.isAbsolute(o.loggingDir) ? o.loggingDir : path.join(o.outputDir, o.loggingDir);
  const options = Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined),
  ) as unknown as TrainOptions;
  return { options, warnings };
}
