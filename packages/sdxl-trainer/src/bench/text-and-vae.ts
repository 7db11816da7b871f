// Measures the non-UNet parts of a training step on the selected backend: tokenizing captions, encoding
// prompts (the tiny fixture pipeline and one full-size CLIP ViT-L text encoder with random weights), and
// VAE encoding with the full-size SDXL VAE config (random weights) at growing image sizes, so the cost
// of caching latents for 1024x1024 training images can be extrapolated (it grows with the pixel count).
import path from 'node:path';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { SHARED } from '@pixel-tools/test-support';
import { AutoencoderKL, CLIPTextModel, CLIPTokenizer, SdxlPromptEncoder, selectBackend } from '../index.js';
import { timeRuns } from './support/time-runs.js';

const pipe = SHARED.tinyPipeline;
const baseKeys = SHARED.sdxlBaseKeys;
const readConfig = (component: string) =>
  JSON.parse(readFileSync(path.join(baseKeys, component, 'config.json'), 'utf8')) as Record<string, unknown>;

const backend = await selectBackend('auto');
console.log(`Backend: ${backend.backendName} (${backend.packageName})`);
console.log('| operation | time | note |');
console.log('| --- | ---: | --- |');
/** Prints one table row as soon as it is measured (the VAE rows take minutes on the cpu backend). */
function row(operation: string, value: string, note = ''): void {
  console.log(`| ${operation} | ${value} | ${note} |`);
}

/** Median wall-clock seconds of `runs` calls (see timeRuns). */
async function time(runs: number, work: () => void, options?: { warmUp?: boolean }): Promise<number> {
  return (await timeRuns(runs, work, options)).wallMs / 1000;
}

const captions = Array.from(
  { length: 1000 },
  (_, i) =>
    `portrait ${i} of a cyberpunk samurai, neon lights, rain, highly detailed, 8k, trending on artstation`,
);
const tokenizer = await CLIPTokenizer.fromPretrained(pipe, { subfolder: 'tokenizer' });
const tokenizeSeconds = await time(3, () => tokenizer.encode(captions));
row(
  'tokenize 1000 captions (ftfy clean-up, BPE, pad to 77)',
  `${(tokenizeSeconds * 1000).toFixed(0)} ms`,
  `${(1000 / tokenizeSeconds).toFixed(0)} captions/s`,
);

const tiny = await SdxlPromptEncoder.fromPretrained(pipe);
const tinySeconds = await time(5, () => tf.dispose(Object.values(tiny.encode(['a photo of a cat']))));
row('encode 1 prompt, tiny-sdxl-pipe encoders', `${(tinySeconds * 1000).toFixed(1)} ms`, '');
tiny.dispose();

const clipL = CLIPTextModel.fromConfig(readConfig('text_encoder'));
const ids = tf.tensor2d(tokenizer.encode(['a photo of a cat']).inputIds, [1, 77], 'int32');
const clipSeconds = await time(3, () => tf.dispose({ ...clipL.forward(ids) }));
row(
  `SDXL text_encoder (CLIP ViT-L, ${(clipL.parameterCount() / 1e6).toFixed(0)} M params), 1 prompt`,
  `${(clipSeconds * 1000).toFixed(0)} ms`,
  'text_encoder_2 (bigG) has 5.6x the parameters',
);
clipL.dispose();
ids.dispose();

const vae = AutoencoderKL.fromConfig(readConfig('vae'));
for (const side of [32, 64]) {
  const pixels = tf.randomUniform([1, 3, side, side], -1, 1) as tf.Tensor4D;
  const seconds = await time(
    1,
    () => {
      const posterior = vae.encode(pixels);
      posterior.dispose();
    },
    { warmUp: false },
  );
  row(
    `SDXL VAE encode, 1 image ${side}x${side}`,
    `${seconds.toFixed(2)} s`,
    `~${((seconds * (1024 * 1024)) / (side * side) / 60).toFixed(0)} min at 1024x1024 (pixel-proportional)`,
  );
  pixels.dispose();
}
vae.dispose();
