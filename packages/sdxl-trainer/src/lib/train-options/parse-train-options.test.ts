import path from 'node:path';
import { UsageError } from '@pixel/constraints';
import { parseTrainOptions } from './parse-train-options.js';
import { TRAIN_OPTION_SPECS } from './train-option-specs.js';
import { TrainOptionsError } from './train-options-error.js';

const REQUIRED = {
  pretrained_model_name_or_path: 'stabilityai/stable-diffusion-xl-base-1.0',
  train_data_dir: 'preprocessed_images',
};

function problemsOf(input: Record<string, unknown>): readonly string[] {
  try {
    parseTrainOptions(input);
  } catch (error) {
    if (error instanceof TrainOptionsError) return error.problems;
    throw error;
  }
  throw new Error('expected parseTrainOptions to throw');
}

describe('parseTrainOptions', () => {
  it("accepts the seed's example command verbatim (--num_epochs included) and fills diffusers' defaults", () => {
    const { options, warnings } = parseTrainOptions({
      ...REQUIRED,
      image_column: 'image',
      caption_column: 'text',
      learning_rate: '2e-6',
      noise_offset: '0.1',
      snr_gamma: '5',
      train_batch_size: '1',
      num_epochs: '10',
    });
    expect(warnings).toEqual([]);
    expect(options).toEqual({
      pretrainedModelNameOrPath: 'stabilityai/stable-diffusion-xl-base-1.0',
      trainDataDir: 'preprocessed_images',
      imageColumn: 'image',
      captionColumn: 'text',
      proportionEmptyPrompts: 0,
      resolution: 1024,
      centerCrop: false,
      randomFlip: false,
      dataloaderNumWorkers: 0,
      trainBatchSize: 1,
      numTrainEpochs: 10,
      gradientAccumulationSteps: 1,
      gradientCheckpointing: false,
      fusedBackwardPass: false,
      useEma: false,
      emaOffload: false,
      emaUpdateInterval: 1,
      optimizerType: 'adamw',
      learningRate: 2e-6,
      scaleLr: false,
      lrScheduler: 'constant',
      lrWarmupSteps: 500,
      lrNumCycles: 1,
      lrPower: 1,
      lrEnd: 1e-7,
      adamBeta1: 0.9,
      adamBeta2: 0.999,
      adamWeightDecay: 1e-2,
      adamEpsilon: 1e-8,
      maxGradNorm: 1,
      noiseOffset: 0.1,
      snrGamma: 5,
      timestepBiasStrategy: 'none',
      timestepBiasMultiplier: 1,
      timestepBiasBegin: 0,
      timestepBiasEnd: 1000,
      timestepBiasPortion: 0.25,
      outputDir: 'sdxl-model-finetuned',
      checkpointingSteps: 500,
      numValidationImages: 4,
      validationEpochs: 1,
      evalHoldout: 0,
      loggingDir: path.join('sdxl-model-finetuned', 'logs'),
    });
  });

  it('reads snake_case, kebab-case and camelCase spellings alike, and typed values', () => {
    const snake = parseTrainOptions({
      ...REQUIRED,
      num_train_epochs: 3,
      center_crop: true,
      lr_scheduler: 'cosine',
      seed: '42',
    });
    const kebab = parseTrainOptions({
      'pretrained-model-name-or-path': REQUIRED.pretrained_model_name_or_path,
      'train-data-dir': REQUIRED.train_data_dir,
      'num-epochs': '3',
      'center-crop': 'true',
      'lr-scheduler': 'cosine',
      seed: 42,
    });
    const camel = parseTrainOptions({
      pretrainedModelNameOrPath: REQUIRED.pretrained_model_name_or_path,
      trainDataDir: REQUIRED.train_data_dir,
      numTrainEpochs: 3,
      centerCrop: true,
      lrScheduler: 'cosine',
      seed: 42,
    });
    expect(kebab).toEqual(snake);
    expect(camel).toEqual(snake);
    expect(snake.options).toMatchObject({
      numTrainEpochs: 3,
      centerCrop: true,
      lrScheduler: 'cosine',
      seed: 42,
    });
  });

  it('treats --num_epochs and --num_train_epochs as one flag: equal values are fine, different ones are refused', () => {
    expect(
      parseTrainOptions({ ...REQUIRED, num_epochs: 10, num_train_epochs: 10 }).options.numTrainEpochs,
    ).toBe(10);
    expect(problemsOf({ ...REQUIRED, num_epochs: 10, num_train_epochs: 5 })).toEqual([
      '--num_epochs 10 and --num_train_epochs 5 set the same option: pass one.',
    ]);
    expect(problemsOf({ ...REQUIRED, seed: [1, 2] })).toEqual([
      '--seed was given more than once (1, 2): pass it once.',
    ]);
  });

  it('reports every problem at once, each naming the flag and the fix', () => {
    const problems = problemsOf({
      resolution: 1020,
      proportion_empty_prompts: 1.5,
      lr_scheduler: 'cosine_annealing',
      prediction_type: 'sample',
      timestep_bias_strategy: 'middle',
      train_batch_size: 0,
      learning_rate: 'fast',
      seed: 1.5,
      unknown_flag: 1,
    });
    expect(problems).toEqual([
      '--learning_rate needs a number, got "fast".',
      '--seed needs a whole number, got 1.5.',
      'unknown option --unknown_flag; `pixel model train sdxl --help` lists them all.',
      'unknown --lr_scheduler "cosine_annealing": choose one of constant, constant_with_warmup, linear, cosine, cosine_with_restarts, polynomial.',
      'unknown --prediction_type "sample": choose one of epsilon, v_prediction.',
      'unknown --timestep_bias_strategy "middle": choose one of earlier, later, range, none.',
      '--pretrained_model_name_or_path is required: a local SDXL pipeline folder or a Hub id such as stabilityai/stable-diffusion-xl-base-1.0.',
      '--train_data_dir is required: the folder `pixel dataset generate` wrote (images + metadata.csv).',
      '--resolution must be a positive multiple of 8 (the VAE downsamples by 8), got 1020.',
      '--proportion_empty_prompts must be in the range [0, 1], got 1.5.',
      '--train_batch_size must be at least 1, got 0.',
    ]);
    expect(() => parseTrainOptions({ resolution: 12 })).toThrow(
      /^Invalid training options:\n {2}- --pretrained_model_name_or_path is required/,
    );
  });

  it.each([
    [{ proportion_empty_prompts: -0.1 }, '--proportion_empty_prompts must be in the range [0, 1], got -0.1.'],
    [{ resolution: 0 }, '--resolution must be a positive multiple of 8 (the VAE downsamples by 8), got 0.'],
    [{ max_train_steps: 0 }, '--max_train_steps must be at least 1, got 0.'],
    [{ checkpoints_total_limit: 0 }, '--checkpoints_total_limit must be at least 1, got 0.'],
    [{ max_train_samples: 0 }, '--max_train_samples must be at least 1, got 0.'],
    [{ lr_warmup_steps: -1 }, '--lr_warmup_steps must be 0 or more, got -1.'],
    [{ seed: -3 }, '--seed must be 0 or more, got -3.'],
    [{ eval_holdout: -1 }, '--eval_holdout must be 0 or more, got -1.'],
    [{ 'eval-holdout': 2.5 }, '--eval_holdout needs a whole number, got 2.5.'],
    [{ eval_holdout: 'ten' }, '--eval_holdout needs a number, got "ten".'],
    [
      { seed: 2 ** 60 },
      `--seed must be at most ${Number.MAX_SAFE_INTEGER} (the largest whole number a JavaScript number holds exactly), got ${2 ** 60}.`,
    ],
    [{ adam_beta2: 1 }, '--adam_beta2 must be in [0, 1), got 1.'],
    [{ max_grad_norm: 0 }, '--max_grad_norm must be greater than 0, got 0.'],
    [{ snr_gamma: 0 }, '--snr_gamma must be greater than 0 (leave it out for plain MSE), got 0.'],
    [
      { lr_scheduler: 'polynomial', learning_rate: 1e-8 },
      '--lr_end (1e-7) must be smaller than --learning_rate (1e-8) for the polynomial schedule.',
    ],
    [{ timestep_bias_portion: 2 }, '--timestep_bias_portion must be in the range [0, 1], got 2.'],
    [
      { timestep_bias_strategy: 'later', timestep_bias_multiplier: 0 },
      '--timestep_bias_multiplier must be greater than 0, got 0; to train without a bias use --timestep_bias_strategy none.',
    ],
    [
      { timestep_bias_strategy: 'range', timestep_bias_begin: 500, timestep_bias_end: 200 },
      '--timestep_bias_begin (500) must be below --timestep_bias_end (200) for the range strategy.',
    ],
    [{ resume_from_checkpoint: '' }, '--resume_from_checkpoint needs a checkpoint folder or "latest".'],
    [{ center_crop: 'yes' }, '--center_crop is a switch (true or false), got "yes".'],
  ])('refuses %j', (input, problem) => {
    expect(problemsOf({ ...REQUIRED, ...input })).toEqual([problem]);
  });

  it('is a usage error (the CLI exits 2) that lists every problem', () => {
    const error = (() => {
      try {
        parseTrainOptions({ ...REQUIRED, resolution: 1_000_000_000, train_batch_size: 0 });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(TrainOptionsError);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as TrainOptionsError).exitCode).toBe(2);
    expect((error as TrainOptionsError).problems).toHaveLength(2);
  });

  it.each([
    ['resolution', 2048, 2056, "SDXL's largest training size"],
    ['max_train_samples', 2 ** 32 - 1, 2 ** 32, 'rows are indexed with 32-bit integers'],
    ['eval_holdout', 2 ** 32 - 1, 2 ** 32, 'rows are indexed with 32-bit integers'],
    ['gradient_accumulation_steps', 2 ** 32 - 1, 2 ** 32, 'batches of one epoch'],
    ['max_train_steps', 2 ** 31 - 1, 2 ** 31, 'the fastest a full-size SDXL step can be'],
    ['num_train_epochs', 2 ** 31 - 1, 2 ** 31, 'at least one optimizer step'],
    ['lr_warmup_steps', 2 ** 31 - 1, 2 ** 31, 'the most optimizer steps a run can take'],
    ['checkpointing_steps', 2 ** 31 - 1, 2 ** 31, 'the most optimizer steps a run can take'],
    ['checkpoints_total_limit', 2 ** 31 - 1, 2 ** 31, 'at most one checkpoint per optimizer step'],
    ['validation_epochs', 2 ** 31 - 1, 2 ** 31, 'at least one optimizer step'],
    ['dataloader_num_workers', 1024, 1025, 'at most 1024 threads'],
    ['num_validation_images', 1024, 1025, '50 UNet passes'],
  ])('bounds --%s at %d and says why', (flag, max, over, why) => {
    // Batch 1 so that the pixels-per-batch bound does not come into it.
    const base = { ...REQUIRED, train_batch_size: 1 };
    expect(() => parseTrainOptions({ ...base, [flag]: max })).not.toThrow();
    const problems = problemsOf({ ...base, [flag]: String(over) });
    expect(problems).toEqual([
      expect.stringMatching(new RegExp(`^--${flag} must be at most ${max} \\(.+\\), got ${over}\\.$`)),
    ]);
    expect(problems[0]).toContain(why);
  });

  it('refuses --resolution 1000000000 with the limit, and batches of more pixels than any accelerator holds', () => {
    expect(problemsOf({ ...REQUIRED, resolution: '1000000000' })).toEqual([
      "--resolution must be at most 2048 (SDXL's largest training size; at 4096 px a single attention score matrix would take 172 GB, more than any one accelerator holds), got 1000000000.",
    ]);
    // 64 images of 1024 x 1024 (2^26 pixels) per batch at most, 256 of 512 x 512.
    expect(parseTrainOptions({ ...REQUIRED, train_batch_size: 64 }).options.trainBatchSize).toBe(64);
    expect(problemsOf({ ...REQUIRED, train_batch_size: 65 })).toEqual([
      '--train_batch_size 65 at --resolution 1024 is more images than one step can hold: at most 64 of 1024 x 1024 (a batch holds at most 67108864 pixels, about twice what the largest accelerator fits for full-size SDXL with --gradient_checkpointing). Lower it and raise --gradient_accumulation_steps for the same effective batch.',
    ]);
    expect(
      parseTrainOptions({ ...REQUIRED, resolution: 512, train_batch_size: 256 }).options.resolution,
    ).toBe(512);
    expect(problemsOf({ ...REQUIRED, resolution: 512, train_batch_size: 257 })[0]).toMatch(
      /^--train_batch_size 257 at --resolution 512 is more images than one step can hold: at most 256 of 512 x 512/,
    );
    expect(problemsOf({ ...REQUIRED, train_batch_size: 1e9 })).toHaveLength(1);
  });

  it('refuses diffusers flags that would silently change the run: --dataset_name, fp16/bf16, 8-bit Adam, --push_to_hub', () => {
    expect(
      problemsOf({ pretrained_model_name_or_path: 'x', dataset_name: 'lambdalabs/naruto-blip-captions' }),
    ).toEqual([
      '--dataset_name/--dataset_config_name would download a dataset from the Hub while training, which pixel does not do: build the folder with `pixel dataset generate` (or download it) and pass --train_data_dir.',
    ]);
    expect(problemsOf({ ...REQUIRED, mixed_precision: 'fp16' })[0]).toMatch(
      /^--mixed_precision fp16 is not available: pixel trains in float32/,
    );
    expect(problemsOf({ ...REQUIRED, mixed_precision: 'bf16' })[0]).toMatch(
      /Drop the flag or pass --mixed_precision no\.$/,
    );
    expect(parseTrainOptions({ ...REQUIRED, mixed_precision: 'no' }).warnings).toEqual([]);
    expect(problemsOf({ ...REQUIRED, use_8bit_adam: true })[0]).toMatch(/^--use_8bit_adam is not available/);
    expect(problemsOf({ ...REQUIRED, push_to_hub: true })[0]).toMatch(/`pixel model upload`/);
    const error = (() => {
      try {
        parseTrainOptions({ ...REQUIRED, use_8bit_adam: true, allow_tf32: true });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(TrainOptionsError);
    expect((error as TrainOptionsError).warnings).toEqual([
      '--allow_tf32 has no effect: there is no TF32 here.',
    ]);
  });

  it('warns about flags that change nothing here, and settings that do nothing as given', () => {
    const { warnings, options } = parseTrainOptions({
      ...REQUIRED,
      report_to: 'wandb',
      enable_xformers_memory_efficient_attention: true,
      allow_tf32: true,
      hub_token: 'hf_secret',
      local_rank: 0,
      lr_warmup_steps: 100,
      lr_power: 2,
      timestep_bias_portion: 0.5,
      validation_epochs: 2,
      max_train_steps: 10,
      num_train_epochs: 3,
    });
    expect(warnings).toEqual([
      '--lr_warmup_steps has no effect with --lr_scheduler constant (as in diffusers); use constant_with_warmup to warm up.',
      '--lr_power only applies to --lr_scheduler polynomial; it is ignored.',
      '--max_train_steps overrides --num_train_epochs: training stops after max_train_steps optimizer steps.',
      '--timestep_bias_portion have no effect without --timestep_bias_strategy earlier, later or range.',
      '--validation_epochs has no effect without --validation_prompt or --eval_holdout.',
      `--report_to wandb is not available offline; metrics are written to ${path.join('<output_dir>', '<logging_dir>', 'metrics.jsonl')}.`,
      "--enable_xformers_memory_efficient_attention has no effect: attention runs on the backend's own kernels.",
      '--allow_tf32 has no effect: there is no TF32 here.',
      '--hub_token is ignored: pixel publishes with `pixel model upload`.',
      '--local_rank is ignored: training runs in a single process.',
    ]);
    expect(JSON.stringify(options)).not.toContain('hf_secret');
  });

  it('holds out no samples by default; --validation_epochs paces the evaluation loss without --validation_prompt', () => {
    expect(parseTrainOptions(REQUIRED).options.evalHoldout).toBe(0);
    const { options, warnings } = parseTrainOptions({
      ...REQUIRED,
      'eval-holdout': '8',
      validation_epochs: 2,
      num_validation_images: 2,
    });
    expect([options.evalHoldout, options.validationEpochs]).toEqual([8, 2]);
    expect(warnings).toEqual(['--num_validation_images has no effect without --validation_prompt.']);
  });

  it('takes --pretrained_unet_model_name_or_path in every spelling, leaves it unset by default and refuses it empty', () => {
    expect(parseTrainOptions(REQUIRED).options.pretrainedUnetModelNameOrPath).toBeUndefined();
    for (const spelling of [
      'pretrained_unet_model_name_or_path',
      'pretrained-unet-model-name-or-path',
      'pretrainedUnetModelNameOrPath',
    ]) {
      expect(parseTrainOptions({ ...REQUIRED, [spelling]: 'uid:12' }).options).toMatchObject({
        pretrainedModelNameOrPath: REQUIRED.pretrained_model_name_or_path,
        pretrainedUnetModelNameOrPath: 'uid:12',
      });
    }
    expect(problemsOf({ ...REQUIRED, pretrained_unet_model_name_or_path: '' })).toEqual([
      "--pretrained_unet_model_name_or_path needs a UNet folder, a Hub id, uid:<n> or best; leave it out to train the pipeline's own unet/.",
    ]);
  });

  it("takes kohya's --optimizer_type (any case) and --optimizer_args for Adafactor, shown parsed", () => {
    const { options, warnings } = parseTrainOptions({
      ...REQUIRED,
      optimizer_type: 'Adafactor',
      optimizer_args: [
        'scale_parameter=False',
        'relative_step=False',
        'warmup_init=False',
        'weight_decay=0.01',
      ],
      learning_rate: '4e-7',
    });
    expect(warnings).toEqual([]);
    expect(options).toMatchObject({
      optimizerType: 'adafactor',
      optimizerArgs: { scaleParameter: false, relativeStep: false, warmupInit: false, weightDecay: 0.01 },
      learningRate: 4e-7,
    });
    // One string, as a program may pass it; no args: transformers' defaults (relative step, no learning rate).
    expect(
      parseTrainOptions({
        ...REQUIRED,
        optimizer_type: 'adafactor',
        optimizer_args: 'beta1=0.9 eps=1e-30,1e-3',
      }).options.optimizerArgs,
    ).toEqual({ beta1: 0.9, epsilon: [1e-30, 1e-3] });
    expect(
      parseTrainOptions({ ...REQUIRED, optimizer_type: 'adafactor' }).options.optimizerArgs,
    ).toBeUndefined();
    expect(parseTrainOptions(REQUIRED).options.optimizerType).toBe('adamw');
  });

  it('refuses a learning rate Adafactor would ignore, its settings with AdamW, bad settings and unknown optimizers', () => {
    expect(problemsOf({ ...REQUIRED, optimizer_type: 'adafactor', learning_rate: 1e-5 })).toEqual([
      "--learning_rate 0.00001 cannot apply: Adafactor with relative_step=True (transformers' default) computes its own step size. To train at your learning rate, pass --optimizer_args relative_step=False scale_parameter=False warmup_init=False, as kohya's SDXL guides do; or drop --learning_rate.",
    ]);
    expect(problemsOf({ ...REQUIRED, optimizer_args: ['relative_step=False'] })).toEqual([
      "--optimizer_args relative_step=False are Adafactor's settings, and --optimizer_type is adamw: pass --optimizer_type adafactor, or drop --optimizer_args (AdamW takes --adam_beta1, --adam_beta2, --adam_weight_decay and --adam_epsilon).",
    ]);
    expect(
      problemsOf({
        ...REQUIRED,
        optimizer_type: 'adafactor',
        optimizer_args: ['lr=1e-4', 'clip_threshold=0', 'relative_step=False', 'warmup_init=True'],
      }),
    ).toEqual([
      '--optimizer_args lr=1e-4: Adafactor has no setting "lr"; the settings are scale_parameter, relative_step, warmup_init, clip_threshold, decay_rate, beta1, weight_decay and eps (the learning rate is --learning_rate).',
      '--optimizer_args warmup_init=True only applies with relative_step=True (it warms up the relative step size): pass relative_step=True or warmup_init=False.',
      '--optimizer_args clip_threshold is out of range: greater than 0, got 0.',
    ]);
    expect(problemsOf({ ...REQUIRED, optimizer_type: 'sgd' })).toEqual([
      'unknown --optimizer_type "sgd": choose one of adamw, adafactor.',
    ]);
  });

  it('warns that AdamW flags and, with relative_step, the schedule do not apply to Adafactor', () => {
    const { warnings } = parseTrainOptions({
      ...REQUIRED,
      optimizer_type: 'adafactor',
      adam_weight_decay: 0.1,
      lr_scheduler: 'cosine',
    });
    expect(warnings).toEqual([
      '--adam_weight_decay only apply to AdamW; Adafactor takes its settings from --optimizer_args (e.g. weight_decay=0.01 beta1=0.9).',
      '--lr_scheduler have no effect: Adafactor with relative_step=True sets its own step size, so the learning-rate schedule does not apply. Pass --optimizer_args relative_step=False scale_parameter=False warmup_init=False to use it.',
    ]);
  });

  it('--fused_backward_pass: turns on gradient checkpointing (saying so), needs Adafactor and refuses accumulation', () => {
    const { options, warnings } = parseTrainOptions({
      ...REQUIRED,
      optimizer_type: 'adafactor',
      fused_backward_pass: true,
    });
    expect([options.fusedBackwardPass, options.gradientCheckpointing]).toEqual([true, true]);
    expect(warnings).toEqual([
      "--fused_backward_pass turns on --gradient_checkpointing: each block's update runs inside the block's recomputation in the backward pass.",
    ]);
    expect(
      parseTrainOptions({
        ...REQUIRED,
        optimizer_type: 'adafactor',
        fused_backward_pass: true,
        gradient_checkpointing: true,
      }).warnings,
    ).toEqual([]);
    expect(
      problemsOf({
        ...REQUIRED,
        fused_backward_pass: true,
        gradient_accumulation_steps: 4,
        gradient_checkpointing: 'false',
      }),
    ).toEqual([
      "--fused_backward_pass needs --optimizer_type adafactor (kohya's rule): AdamW's two moments per parameter would outweigh the gradients the fused pass saves. Pass --optimizer_type adafactor, or drop --fused_backward_pass.",
      "--fused_backward_pass updates each block's parameters as soon as their gradients exist, so there is nothing to sum over --gradient_accumulation_steps 4: pass --gradient_accumulation_steps 1 (a larger --train_batch_size gives a larger batch), or drop --fused_backward_pass.",
      "--fused_backward_pass runs each block's update inside the block's recomputation in the backward pass, so it needs gradient checkpointing: drop --gradient_checkpointing false.",
    ]);
  });

  it('--ema_offload and --ema_update_interval: default on the device every step, warned about without --use_ema', () => {
    const { options } = parseTrainOptions({
      ...REQUIRED,
      use_ema: true,
      ema_offload: true,
      ema_update_interval: '4',
    });
    expect([options.emaOffload, options.emaUpdateInterval]).toEqual([true, 4]);
    expect(parseTrainOptions({ ...REQUIRED, ema_offload: true, ema_update_interval: 2 }).warnings).toEqual([
      '--ema_offload has no effect without --use_ema.',
      '--ema_update_interval has no effect without --use_ema.',
    ]);
    expect(problemsOf({ ...REQUIRED, use_ema: true, ema_update_interval: 0 })).toEqual([
      '--ema_update_interval must be at least 1, got 0.',
    ]);
  });

  it('puts logging_dir under output_dir unless it is absolute, like Path(output_dir, logging_dir)', () => {
    expect(
      parseTrainOptions({ ...REQUIRED, output_dir: 'out', logging_dir: 'runs' }).options.loggingDir,
    ).toBe(path.join('out', 'runs'));
    expect(
      parseTrainOptions({ ...REQUIRED, output_dir: 'out', logging_dir: '/var/log/pixel' }).options.loggingDir,
    ).toBe('/var/log/pixel');
  });

  it('documents every flag, and every option field has exactly one flag', () => {
    for (const spec of TRAIN_OPTION_SPECS) expect(spec.describe.length).toBeGreaterThan(10);
    const keys = TRAIN_OPTION_SPECS.flatMap((s) => (s.key ? [s.key] : []));
    expect(new Set(keys).size).toBe(keys.length);
    const flags = TRAIN_OPTION_SPECS.flatMap((s) => [s.flag, ...(s.aliases ?? [])]);
    expect(new Set(flags).size).toBe(flags.length);
  });
});
