import '@tensorflow/tfjs-backend-cpu';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import { writeMiniPipeline } from '../../test-support/write-mini-pipeline.js';
import { writeTrainingFolder } from '../../test-support/write-training-folder.js';
import { openImageFolder } from '../data/open-image-folder.js';
import { parseTrainOptions } from '../train-options/parse-train-options.js';
import { loadSafetensors } from '../safetensors/load-safetensors.js';
import { readSafetensorsHeader } from '../safetensors/read-safetensors-header.js';
import { readUnetConfig } from '../unet/read-unet-config.js';
import { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import { holdOutSamples } from './hold-out-samples.js';
import { train } from './train.js';
import { TrainingDivergedError } from './training-diverged-error.js';
import { TrainingInterruptedError } from './training-interrupted-error.js';
import type { TrainEvent } from './types.js';

let root: string;
let pipeline: string;
let data: string;
let cacheDir: string;
/** 6 images: the 4 of `data` and 2 more, for the runs that hold 2 out. */
let data6: string;
/** A cache of its own for the held-out runs, so the cache tests above count the 4 entries of `data` only. */
let evalCacheDir: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pixel-train-'));
  pipeline = await writeMiniPipeline(path.join(root, 'pipeline'));
  data = path.join(root, 'data');
  await writeTrainingFolder(data, 4);
  cacheDir = path.join(root, 'cache');
  data6 = path.join(root, 'data6');
  await writeTrainingFolder(data6, 6);
  evalCacheDir = path.join(root, 'eval-cache');
});
afterAll(() => rm(root, { recursive: true, force: true }));

function options(outputDir: string, flags: Record<string, unknown> = {}) {
  return parseTrainOptions({
    pretrained_model_name_or_path: pipeline,
    train_data_dir: data,
    output_dir: path.join(root, outputDir),
    resolution: 32,
    seed: 7,
    learning_rate: 1e-3,
    lr_scheduler: 'constant',
    lr_warmup_steps: 0,
    ...flags,
  }).options;
}

describe('train', () => {
  it('lowers the training loss and the held-out loss over 200 steps on 4 images (2 more held out), logs metrics and writes a loadable pipeline', async () => {
    const events: TrainEvent[] = [];
    const result = await train(
      options('run-200', {
        train_data_dir: data6,
        eval_holdout: 2,
        validation_epochs: 50,
        max_train_steps: 200,
        checkpointing_steps: 1000,
        snr_gamma: 5,
      }),
      {
        trainingCacheDir: evalCacheDir,
        onEvent: (event) => events.push(event),
      },
    );
    const steps = events.filter((event) => event.type === 'step');
    expect(steps).toHaveLength(200);
    const evals = events.filter((event) => event.type === 'eval');
    console.log(
      `200 steps on 4 images: smoothed loss ${result.firstSmoothedLoss!.toFixed(4)} -> ${result.lastSmoothedLoss!.toFixed(4)}; ` +
        `mean loss of the first 20 steps ${mean(steps.slice(0, 20).map((s) => s.loss)).toFixed(4)}, last 20 ${mean(steps.slice(-20).map((s) => s.loss)).toFixed(4)}; ` +
        `held-out loss (2 images) ${evals.map((e) => `${e.step}: ${e.loss.toFixed(4)}`).join(', ')}; ` +
        `${steps.at(-1)!.stepsPerSecond.toFixed(2)} steps/s`,
    );
    expect(mean(steps.slice(-20).map((s) => s.loss))).toBeLessThan(
      0.8 * mean(steps.slice(0, 20).map((s) => s.loss)),
    );
    // One batch (of 16, so all 4 samples) per epoch: epochs 0, 50, 100, 150 end at steps 1, 51, 101, 151.
    expect(evals.map((e) => e.step)).toEqual([0, 1, 51, 101, 151, 200]);
    expect(evals.every((e) => e.samples === 2)).toBe(true);
    expect([result.firstEvalLoss, result.lastEvalLoss]).toEqual([evals[0]!.loss, evals.at(-1)!.loss]);
    expect(result.lastEvalLoss!).toBeLessThan(0.8 * result.firstEvalLoss!);
    expect(result.cache).toEqual({ encoded: 6, reused: 0 });
    const metrics = (await readFile(path.join(root, 'run-200/logs/metrics.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, number>);
    expect(metrics).toHaveLength(200 + evals.length);
    expect(Object.keys(metrics[1]!)).toEqual(
      expect.arrayContaining(['step', 'loss', 'lr', 'grad_norm', 'seconds']),
    );
    expect(metrics.filter((line) => 'eval_loss' in line)).toEqual(
      evals.map((e) => ({ step: e.step, epoch: e.epoch, eval_loss: e.loss, eval_samples: 2 })),
    );
    const trained = await UNet2DConditionModel.fromPretrained(path.join(root, 'run-200'), {
      subfolder: 'unet',
    });
    trained.dispose();
    expect((await readdir(path.join(root, 'run-200'))).sort()).toEqual(
      expect.arrayContaining([
        'model_index.json',
        'scheduler',
        'text_encoder',
        'text_encoder_2',
        'tokenizer',
        'tokenizer_2',
        'unet',
        'vae',
      ]),
    );
  }, 600_000);

  it('never trains on the held-out samples; evaluating every epoch (EMA swapped in and out) and resuming leave the weights bit-identical', async () => {
    const flags = {
      train_data_dir: data6,
      train_batch_size: 2,
      num_train_epochs: 2,
      checkpointing_steps: 2,
      use_ema: true,
      random_flip: true,
      noise_offset: 0.1,
    };
    const hooks = { trainingCacheDir: evalCacheDir };
    await expect(train(options('run-holdout-all', { ...flags, eval_holdout: 6 }), hooks)).rejects.toThrow(
      /--eval_holdout 6 leaves nothing to train on: .*metadata.csv has 6 usable samples .*Hold out at most 5/,
    );

    const events: TrainEvent[] = [];
    const info: string[] = [];
    const tensorsBefore = tf.memory().numTensors;
    const result = await train(options('run-holdout', { ...flags, eval_holdout: 2 }), {
      ...hooks,
      onEvent: (event) => events.push(event),
      logger: { info: (message) => info.push(message), warn: () => undefined },
    });
    expect(tf.memory().numTensors).toBe(tensorsBefore); // the swapped-in EMA weights and evaluation tensors are freed
    // The plan counts the 4 training samples only: 2 batches of 2 per epoch, 2 epochs.
    expect(result.globalStep).toBe(4);
    expect(info).toContainEqual(
      expect.stringMatching(
        /^4 samples \(2 more held out for the evaluation loss\), 2 batches per epoch, 4 optimizer steps/,
      ),
    );
    expect(events.filter((e) => e.type === 'eval').map((e) => [e.step, e.epoch, e.samples])).toEqual([
      [0, 0, 2],
      [2, 0, 2],
      [4, 1, 2],
    ]);
    const metricsFile = path.join(root, 'run-holdout/logs/metrics.jsonl');
    const metricsLines = async () =>
      (await readFile(metricsFile, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { step: number; eval_loss?: number })
        .map((line) => `${line.eval_loss === undefined ? 'step' : 'eval'} ${line.step}`);
    const expectedLines = ['eval 0', 'step 1', 'step 2', 'eval 2', 'step 3', 'step 4', 'eval 4'];
    expect(await metricsLines()).toEqual(expectedLines);

    // The same run on the metadata with the held-out rows deleted, and no evaluation at all.
    const dataset = await openImageFolder({ directory: data6 });
    const { heldOut } = holdOutSamples(dataset, 2, 7);
    const heldOutNames = await Promise.all(
      [0, 1].map(async (index) => path.basename((await heldOut.record(index)).imagePath)),
    );
    await dataset.close();
    const [header, ...rows] = (await readFile(path.join(data6, 'metadata.csv'), 'utf8')).trim().split('\n');
    const kept = path.join(root, 'data6-without-held-out');
    await mkdir(kept);
    // The same image files (rows may not point outside --train_data_dir); the cache keys on their bytes.
    const keptRows = rows.filter((row) => !heldOutNames.includes(row.split(',')[0]!));
    for (const name of keptRows.map((row) => row.split(',')[0]!)) {
      await copyFile(path.join(data6, name), path.join(kept, name));
    }
    await writeFile(path.join(kept, 'metadata.csv'), [header, ...keptRows].join('\n'));
    await train(options('run-without-held-out', { ...flags, train_data_dir: kept }), hooks);
    const weights = (dir: string) =>
      readFile(path.join(root, dir, 'unet/diffusion_pytorch_model.safetensors'));
    expect((await weights('run-holdout')).equals(await weights('run-without-held-out'))).toBe(true);

    // Resuming: the hold-out must match the checkpoint's; the metrics keep one line per step and evaluation.
    const resume = (evalHoldout: number) =>
      train(
        options('run-holdout', {
          ...flags,
          eval_holdout: evalHoldout,
          resume_from_checkpoint: path.join(root, 'run-holdout/checkpoint-2'),
        }),
        hooks,
      );
    await expect(resume(1)).rejects.toThrow(
      /was trained with --eval_holdout 2, this run asks for 1: .*Resume with --eval_holdout 2/,
    );
    await resume(2);
    expect(await metricsLines()).toEqual(expectedLines);
    expect((await weights('run-holdout')).equals(await weights('run-without-held-out'))).toBe(true);
  }, 120_000);

  it('reuses the on-disk cache in a second run (no VAE or text-encoder forward) and frees every tensor', async () => {
    // Fills the cache when this test runs alone (the first test has filled it otherwise).
    await train(options('run-cache-fill', { max_train_steps: 1 }), { trainingCacheDir: cacheDir });
    const events: TrainEvent[] = [];
    const tensorsBefore = tf.memory().numTensors;
    const result = await train(options('run-cached', { max_train_steps: 3 }), {
      trainingCacheDir: cacheDir,
      onEvent: (event) => events.push(event),
    });
    expect(result.cache).toEqual({ encoded: 0, reused: 4 });
    expect(tf.memory().numTensors).toBe(tensorsBefore); // every model, optimizer state and step tensor was freed
    expect(events.find((event) => event.type === 'cache-done')).toMatchObject({ encoded: 0, reused: 4 });
    // An interrupted caching pass: the entries written stay, the missing one is encoded.
    const [shard] = (await readdir(cacheDir)).sort();
    const [entry] = await readdir(path.join(cacheDir, shard!));
    await rm(path.join(cacheDir, shard!, entry!));
    const again = await train(options('run-cached-again', { max_train_steps: 1 }), {
      trainingCacheDir: cacheDir,
    });
    expect(again.cache).toEqual({ encoded: 1, reused: 3 });
  }, 60_000);

  it('stops on a non-finite loss with a clear message and keeps the last good checkpoint', async () => {
    const run = train(
      options('run-nan', { max_train_steps: 4, checkpointing_steps: 1, learning_rate: 1e20 }),
      {
        trainingCacheDir: cacheDir,
      },
    );
    await expect(run).rejects.toThrow(TrainingDivergedError);
    await expect(run).rejects.toThrow(
      /Training stopped at step \d: the loss is (NaN|-?Infinity).*checkpoint-\d/,
    );
    const checkpoints = (await readdir(path.join(root, 'run-nan'))).filter((name) =>
      name.startsWith('checkpoint-'),
    );
    expect(checkpoints.length).toBeGreaterThan(0);
    expect(checkpoints.every((name) => /^checkpoint-\d+$/.test(name))).toBe(true);
  }, 60_000);

  it('writes --num_validation_images PNG samples of --validation_prompt after each --validation_epochs', async () => {
    const events: TrainEvent[] = [];
    await train(
      options('run-validation', {
        max_train_steps: 8,
        train_batch_size: 2,
        validation_prompt: 'a red square',
        num_validation_images: 2,
        validation_epochs: 2,
      }),
      { trainingCacheDir: cacheDir, onEvent: (event) => events.push(event) },
    );
    const validation = events.filter((event) => event.type === 'validation');
    expect(validation.map((event) => event.epoch)).toEqual([0, 2]);
    expect((await readdir(path.join(root, 'run-validation/validation'))).sort()).toEqual([
      'epoch-0-0.png',
      'epoch-0-1.png',
      'epoch-2-0.png',
      'epoch-2-1.png',
    ]);
    const image = await sharp(path.join(root, 'run-validation/validation/epoch-2-1.png')).metadata();
    expect([image.width, image.height, image.channels]).toEqual([32, 32, 3]);
  }, 120_000);

  it('when its signal is aborted, finishes the step, saves it as a checkpoint and says how to resume to the same weights', async () => {
    const controller = new AbortController();
    const events: TrainEvent[] = [];
    const flags = { max_train_steps: 4, use_ema: true, noise_offset: 0.1 }; // checkpointing_steps: 500
    const error = await train(options('run-abort', flags), {
      trainingCacheDir: cacheDir,
      signal: controller.signal,
      onEvent: (event) => {
        events.push(event);
        // Mid-step: the event comes before the step's metrics line is written.
        if (event.type === 'step' && event.step === 2) controller.abort();
      },
    }).catch((e: unknown) => e);
    const checkpoint2 = path.join(root, 'run-abort/checkpoint-2');
    expect(error).toBeInstanceOf(TrainingInterruptedError);
    expect((error as TrainingInterruptedError).message).toBe(
      `Training stopped after step 2, which is saved in ${checkpoint2}. To continue, run the same command with --resume_from_checkpoint latest.`,
    );
    expect(events.filter((e) => e.type === 'step').map((e) => e.step)).toEqual([1, 2]);
    expect(events.filter((e) => e.type === 'checkpoint')).toEqual([
      { type: 'checkpoint', path: checkpoint2, step: 2 },
    ]);
    expect(await readdir(path.join(root, 'run-abort'))).not.toContain('unet');

    await train(options('run-abort', { ...flags, resume_from_checkpoint: 'latest' }), {
      trainingCacheDir: cacheDir,
    });
    await train(options('run-not-aborted', flags), { trainingCacheDir: cacheDir });
    const weights = (dir: string) =>
      readFile(path.join(root, dir, 'unet/diffusion_pytorch_model.safetensors'));
    expect((await weights('run-abort')).equals(await weights('run-not-aborted'))).toBe(true);

    // Aborted before the first step, there is nothing to save: it stops at once.
    await expect(
      train(options('run-abort-early', flags), { trainingCacheDir: cacheDir, signal: AbortSignal.abort() }),
    ).rejects.toThrow(
      'Training stopped before its first step; nothing was trained yet (the training cache keeps the samples encoded so far). To continue, run the same command again.',
    );
    expect((await readdir(path.join(root, 'run-abort-early'))).filter((name) => name !== 'logs')).toEqual([]);
  }, 120_000);

  it('keeps --checkpoints_total_limit checkpoints and names a Hub id it cannot read', async () => {
    await train(
      options('run-limit', { max_train_steps: 3, checkpointing_steps: 1, checkpoints_total_limit: 2 }),
      {
        trainingCacheDir: cacheDir,
      },
    );
    expect(
      (await readdir(path.join(root, 'run-limit'))).filter((name) => name.startsWith('checkpoint')).sort(),
    ).toEqual(['checkpoint-2', 'checkpoint-3']);
    await expect(
      train({ ...options('run-hub'), pretrainedModelNameOrPath: 'stabilityai/stable-diffusion-xl-base-1.0' }),
    ).rejects.toThrow(
      /--pretrained_model_name_or_path "stabilityai\/stable-diffusion-xl-base-1.0" is not a local folder/,
    );
  }, 60_000);
});

describe('train with Adafactor and --fused_backward_pass', () => {
  /** kohya's SDXL settings: Adafactor at --learning_rate, the schedule's. */
  const adafactor = {
    optimizer_type: 'adafactor',
    optimizer_args: ['relative_step=False', 'scale_parameter=False', 'warmup_init=False'],
    gradient_checkpointing: true,
  };

  async function stepsOf(outputDir: string, flags: Record<string, unknown>) {
    const steps: Extract<TrainEvent, { type: 'step' }>[] = [];
    await train(options(outputDir, flags), {
      trainingCacheDir: cacheDir,
      onEvent: (event) => {
        if (event.type === 'step') steps.push(event);
      },
    });
    return steps;
  }

  it('takes steps that lower the loss, and ends where an unfused Adafactor run with the same clipping ends', async () => {
    // train() clips an unfused step by the norm of all gradients, a fused one each tensor by its own norm:
    // at a norm no gradient reaches, both leave every gradient as it is, so the two runs must agree.
    const flags = { ...adafactor, max_train_steps: 60, max_grad_norm: 1e9, snr_gamma: 5 };
    const fused = await stepsOf('run-fused', { ...flags, fused_backward_pass: true });
    const unfused = await stepsOf('run-unfused', flags);
    const losses = fused.map((step) => step.loss);
    console.log(
      `--fused_backward_pass, 60 Adafactor steps on 4 images: mean loss of the first 10 steps ${mean(losses.slice(0, 10)).toFixed(4)}, last 10 ${mean(losses.slice(-10)).toFixed(4)}`,
    );
    expect(mean(losses.slice(-10))).toBeLessThan(0.8 * mean(losses.slice(0, 10)));
    expect(losses).toEqual(unfused.map((step) => step.loss));
    fused.forEach((step, index) =>
      expect(Math.abs(step.gradNorm - unfused[index]!.gradNorm)).toBeLessThan(1e-6 * step.gradNorm),
    );
    const unet = (dir: string) =>
      loadSafetensors(path.join(root, dir, 'unet/diffusion_pytorch_model.safetensors'));
    const [actual, expected] = await Promise.all([unet('run-fused'), unet('run-unfused')]);
    let worst = 0;
    for (const [name, tensor] of expected) {
      const values = actual.get(name)!.data as Float32Array;
      (tensor.data as Float32Array).forEach(
        (value, i) => (worst = Math.max(worst, Math.abs(value - values[i]!))),
      );
    }
    console.log(`fused vs unfused Adafactor run: largest weight difference ${worst}`);
    expect(worst).toBeLessThanOrEqual(1e-7);
  }, 600_000);

  it('stops a diverging fused run, saying the weights in memory were updated and are dropped, and names the last good checkpoint', async () => {
    const run = train(
      options('run-fused-nan', {
        ...adafactor,
        fused_backward_pass: true,
        learning_rate: 1e20,
        max_train_steps: 4,
        checkpointing_steps: 1,
      }),
      { trainingCacheDir: cacheDir },
    );
    await expect(run).rejects.toThrow(TrainingDivergedError);
    await expect(run).rejects.toThrow(
      /^Training stopped at step \d: the loss is .* The fused backward pass had already updated the weights in memory with these gradients; they are dropped, nothing of this step is saved; the last good checkpoint is .*run-fused-nan\/checkpoint-\d/,
    );
  }, 60_000);

  it('refuses to resume a checkpoint with another optimizer than the one that wrote it, before caching', async () => {
    await train(options('run-optimizer-switch', { max_train_steps: 1, checkpointing_steps: 1 }), {
      trainingCacheDir: cacheDir,
    });
    const freshCache = path.join(root, 'unused-optimizer-cache');
    await expect(
      train(
        options('run-optimizer-switch', {
          ...adafactor,
          max_train_steps: 2,
          resume_from_checkpoint: 'latest',
        }),
        {
          trainingCacheDir: freshCache,
        },
      ),
    ).rejects.toThrow(
      /checkpoint-1 was trained with --optimizer_type adamw, this run asks for adafactor: .*Resume with --optimizer_type adamw/,
    );
    await expect(readdir(freshCache)).rejects.toThrow(/ENOENT/);
  }, 60_000);
});

describe('train with --pretrained_unet_model_name_or_path', () => {
  /** The per-step losses of a 2-step run, and its saved UNet weights. */
  async function twoSteps(outputDir: string, flags: Record<string, unknown>, info: string[] = []) {
    const losses: number[] = [];
    await train(options(outputDir, { max_train_steps: 2, ...flags }), {
      trainingCacheDir: cacheDir,
      onEvent: (event) => {
        if (event.type === 'step') losses.push(event.loss);
      },
      logger: { info: (message) => info.push(message), warn: () => undefined },
    });
    const weights = await readFile(path.join(root, outputDir, 'unet/diffusion_pytorch_model.safetensors'));
    return { losses, weights };
  }

  it("trains the given UNet (bfloat16 on disk, trained in float32) exactly as if it were the pipeline's unet/", async () => {
    const config = await readUnetConfig(path.join(pipeline, 'unet/config.json'));
    const other = UNet2DConditionModel.fromConfig(config, { seed: 11 });
    const unetDir = path.join(root, 'other-unet');
    await other.savePretrained(unetDir, { dtype: 'bfloat16' });
    other.dispose();
    // The same weights as a pipeline's own unet/: the run that training from unetDir must reproduce.
    const pipelineWithOther = path.join(root, 'pipeline-with-other-unet');
    await mkdir(pipelineWithOther);
    for (const name of await readdir(pipeline)) {
      await symlink(
        name === 'unet' ? unetDir : path.join(pipeline, name),
        path.join(pipelineWithOther, name),
      );
    }

    const info: string[] = [];
    const fromUnet = await twoSteps('run-unet-given', { pretrained_unet_model_name_or_path: unetDir }, info);
    const asPipelineUnet = await twoSteps('run-unet-in-pipeline', {
      pretrained_model_name_or_path: pipelineWithOther,
    });
    const own = await twoSteps('run-unet-own', {});
    expect(info).toContain(`Starting from the UNet in ${unetDir}, not the pipeline's unet/`);
    expect(fromUnet.losses).toEqual(asPipelineUnet.losses);
    expect(fromUnet.weights.equals(asPipelineUnet.weights)).toBe(true);
    expect(fromUnet.losses[0]).not.toEqual(own.losses[0]);
    expect(fromUnet.weights.equals(own.weights)).toBe(false);
    const header = await readSafetensorsHeader(
      path.join(root, 'run-unet-given/unet/diffusion_pytorch_model.safetensors'),
    );
    expect(new Set(header.tensors.map((tensor) => tensor.dtype))).toEqual(new Set(['F32']));
    // The rest of the output pipeline is the pipeline's.
    expect((await readdir(path.join(root, 'run-unet-given'))).sort()).toEqual(
      expect.arrayContaining(['model_index.json', 'scheduler', 'text_encoder', 'text_encoder_2', 'vae']),
    );
  }, 120_000);

  it('refuses a UNet whose cross_attention_dim does not fit the text encoders, before caching anything', async () => {
    const config = await readUnetConfig(path.join(pipeline, 'unet/config.json'));
    const wide = UNet2DConditionModel.fromConfig({ ...config, cross_attention_dim: 64 });
    const unetDir = path.join(root, 'wide-unet');
    await wide.savePretrained(unetDir, { dtype: 'float32' });
    wide.dispose();
    const freshCache = path.join(root, 'unused-cache');
    await expect(
      train(options('run-unet-mismatch', { pretrained_unet_model_name_or_path: unetDir }), {
        trainingCacheDir: freshCache,
      }),
    ).rejects.toThrow(
      `--pretrained_unet_model_name_or_path ${unetDir} does not fit --pretrained_model_name_or_path ${pipeline}: cross_attention_dim is 64, but the text encoders' hidden sizes add up to 96 (32 + 64)`,
    );
    await expect(readdir(freshCache)).rejects.toThrow(/ENOENT/);
    await expect(readdir(path.join(root, 'run-unet-mismatch'))).rejects.toThrow(/ENOENT/);
    await expect(
      train(options('run-unet-hub', { pretrained_unet_model_name_or_path: 'miner/sdxl-best' })),
    ).rejects.toThrow(/--pretrained_unet_model_name_or_path "miner\/sdxl-best" is not a local folder/);
  }, 60_000);
});

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
