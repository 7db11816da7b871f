import '@tensorflow/tfjs-backend-cpu';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { spawnTypeScript } from '@pixel-tools/test-support';
import { writeMiniPipeline } from '../../test-support/write-mini-pipeline.js';
import { writeTrainingFolder } from '../../test-support/write-training-folder.js';
import { parseTrainOptions } from '../train-options/parse-train-options.js';
import { train } from './train.js';
import type { TrainEvent } from './types.js';

const SUPPORT = fileURLToPath(new URL('../../test-support/', import.meta.url));

let root: string;
let pipeline: string;
let data: string;
let cacheDir: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pixel-train-resume-'));
  pipeline = await writeMiniPipeline(path.join(root, 'pipeline'));
  data = path.join(root, 'data');
  await writeTrainingFolder(data, 4);
  cacheDir = path.join(root, 'cache');
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Starts training in a child process and SIGKILLs it right after it reports checkpoint `killAfter`. */
function trainAndKill(
  flags: Record<string, unknown>,
  cacheDir: string,
  killAfter: number,
): Promise<TrainEvent[]> {
  const child = spawnTypeScript(path.join(SUPPORT, 'train-child.ts'), [JSON.stringify(flags), cacheDir]);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const events: TrainEvent[] = [];
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const event = JSON.parse(line) as TrainEvent;
      events.push(event);
      if (event.type === 'checkpoint' && event.step === killAfter) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve(events) : reject(new Error(`child exited with ${code}: ${stderr}`)),
    );
  });
}

/** A 6-step run on the 4 images at 32 x 32 into `root/<outputDir>`. */
function runFlags(outputDir: string, flags: Record<string, unknown>) {
  return {
    pretrained_model_name_or_path: pipeline,
    train_data_dir: data,
    output_dir: path.join(root, outputDir),
    resolution: 32,
    seed: 11,
    max_train_steps: 6,
    ...flags,
  };
}

const weights = (dir: string) => readFile(path.join(root, dir, 'unet/diffusion_pytorch_model.safetensors'));

/**
 * Trains `name`-uninterrupted, then `name`-interrupted SIGKILLed right after checkpoint `killAfter` and
 * resumed from latest; returns both UNet files and the resumed run's events.
 */
async function trainKillAndResume(name: string, flags: Record<string, unknown>, killAfter: number) {
  const at = (outputDir: string) => runFlags(outputDir, flags);
  await train(parseTrainOptions(at(`${name}-uninterrupted`)).options, { trainingCacheDir: cacheDir });

  const killed = await trainAndKill(at(`${name}-interrupted`), cacheDir, killAfter);
  expect(killed.filter((event) => event.type === 'step').length).toBeGreaterThanOrEqual(killAfter);
  await expect(access(path.join(root, `${name}-interrupted/unet`))).rejects.toThrow();

  const events: TrainEvent[] = [];
  await train(parseTrainOptions({ ...at(`${name}-interrupted`), resume_from_checkpoint: 'latest' }).options, {
    trainingCacheDir: cacheDir,
    onEvent: (event) => events.push(event),
  });
  expect(events.find((event) => event.type === 'resume')).toMatchObject({ step: killAfter });
  const [expected, actual] = await Promise.all([
    weights(`${name}-uninterrupted`),
    weights(`${name}-interrupted`),
  ]);
  const before = await readFile(path.join(pipeline, 'unet/diffusion_pytorch_model.safetensors'));
  expect(actual.equals(before)).toBe(false);
  return { expected, actual, events };
}

describe('train: SIGKILL and resume', () => {
  it('ends with weights bit-identical to an uninterrupted run with the same seed', async () => {
    const { expected, actual } = await trainKillAndResume(
      'adamw',
      {
        checkpointing_steps: 2,
        gradient_accumulation_steps: 2,
        learning_rate: 1e-3,
        lr_scheduler: 'cosine',
        lr_warmup_steps: 1,
        noise_offset: 0.1,
        snr_gamma: 5,
        random_flip: true,
        use_ema: true,
      },
      2,
    );
    expect(actual.equals(expected)).toBe(true);
    const metrics = (await readFile(path.join(root, 'adamw-interrupted/logs/metrics.jsonl'), 'utf8'))
      .trim()
      .split('\n');
    expect(metrics.map((line) => (JSON.parse(line) as { step: number }).step)).toEqual([1, 2, 3, 4, 5, 6]);
  }, 300_000);

  it('with Adafactor (first moment, weight decay, the schedule driving its learning rate) too', async () => {
    const { expected, actual } = await trainKillAndResume(
      'adafactor',
      {
        optimizer_type: 'adafactor',
        optimizer_args: [
          'relative_step=False',
          'scale_parameter=False',
          'warmup_init=False',
          'beta1=0.9',
          'weight_decay=0.01',
        ],
        checkpointing_steps: 2,
        gradient_accumulation_steps: 2,
        learning_rate: 1e-3,
        lr_scheduler: 'cosine',
        lr_warmup_steps: 1,
        noise_offset: 0.1,
        snr_gamma: 5,
        use_ema: true,
      },
      2,
    );
    expect(actual.equals(expected)).toBe(true);
    const state = JSON.parse(
      await readFile(path.join(root, 'adafactor-interrupted/checkpoint-2/training_state.json'), 'utf8'),
    ) as { optimizer: unknown };
    expect(state.optimizer).toEqual({
      type: 'adafactor',
      options: {
        epsilon: [1e-30, 1e-3],
        clipThreshold: 1,
        decayRate: -0.8,
        beta1: 0.9,
        weightDecay: 0.01,
        scaleParameter: false,
        relativeStep: false,
        warmupInit: false,
      },
    });
  }, 300_000);

  it("with the 24 GB recipe (Adafactor's own step size, fused backward pass, EMA in host memory every 2 steps, held-out evaluations of it) too, equal to the EMA on the device", async () => {
    const recipe = {
      optimizer_type: 'adafactor',
      fused_backward_pass: true,
      gradient_checkpointing: true,
      use_ema: true,
      ema_offload: true,
      ema_update_interval: 2,
      // Saved between two EMA updates; every step ends an epoch (3 training samples, batch 16): evaluated.
      checkpointing_steps: 3,
      eval_holdout: 1,
      noise_offset: 0.1,
      snr_gamma: 5,
    };
    const { expected, actual, events } = await trainKillAndResume('recipe', recipe, 3);
    expect(actual.equals(expected)).toBe(true);
    expect(events.filter((event) => event.type === 'eval').map((event) => event.step)).toEqual([4, 5, 6]);
    await train(parseTrainOptions(runFlags('recipe-device-ema', { ...recipe, ema_offload: false })).options, {
      trainingCacheDir: cacheDir,
    });
    expect((await weights('recipe-device-ema')).equals(expected)).toBe(true);
  }, 300_000);
});
