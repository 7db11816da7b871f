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
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pixel-train-resume-'));
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

describe('train: SIGKILL and resume', () => {
  it('ends with weights bit-identical to an uninterrupted run with the same seed', async () => {
    const pipeline = await writeMiniPipeline(path.join(root, 'pipeline'));
    const data = path.join(root, 'data');
    await writeTrainingFolder(data, 4);
    const cacheDir = path.join(root, 'cache');
    const flags = (outputDir: string) => ({
      pretrained_model_name_or_path: pipeline,
      train_data_dir: data,
      output_dir: path.join(root, outputDir),
      resolution: 32,
      seed: 11,
      max_train_steps: 6,
      checkpointing_steps: 2,
      gradient_accumulation_steps: 2,
      learning_rate: 1e-3,
      lr_scheduler: 'cosine',
      lr_warmup_steps: 1,
      noise_offset: 0.1,
      snr_gamma: 5,
      random_flip: true,
      use_ema: true,
    });
    await train(parseTrainOptions(flags('uninterrupted')).options, { trainingCacheDir: cacheDir });

    const killed = await trainAndKill(flags('interrupted'), cacheDir, 2);
    expect(killed.filter((event) => event.type === 'step').length).toBeGreaterThanOrEqual(2);
    await expect(access(path.join(root, 'interrupted/unet'))).rejects.toThrow();

    const events: TrainEvent[] = [];
    await train(parseTrainOptions({ ...flags('interrupted'), resume_from_checkpoint: 'latest' }).options, {
      trainingCacheDir: cacheDir,
      onEvent: (event) => events.push(event),
    });
    expect(events.find((event) => event.type === 'resume')).toMatchObject({ step: 2 });
    const weights = (dir: string) =>
      readFile(path.join(root, dir, 'unet/diffusion_pytorch_model.safetensors'));
    const [expected, actual] = await Promise.all([weights('uninterrupted'), weights('interrupted')]);
    expect(actual.equals(expected)).toBe(true);
    const metrics = (await readFile(path.join(root, 'interrupted/logs/metrics.jsonl'), 'utf8'))
      .trim()
      .split('\n');
    expect(metrics.map((line) => (JSON.parse(line) as { step: number }).step)).toEqual([1, 2, 3, 4, 5, 6]);
    const before = await readFile(path.join(pipeline, 'unet/diffusion_pytorch_model.safetensors'));
    expect(actual.equals(before)).toBe(false);
  }, 300_000);
});
