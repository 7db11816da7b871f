import * as tf from '@tensorflow/tfjs-core';
import type { UNet2DConditionModel } from '../lib/unet/unet-2d-condition-model.js';
import type { LoadedTensor } from '../types/safetensors.js';

type Fixture = Map<string, LoadedTensor>;

/** The AdamW settings of the fixtures' step: clip_grad_norm_(1.0), then AdamW(lr 1e-4, betas (0.9, 0.999), wd 1e-2, eps 1e-8). */
export const TORCH_ADAMW = { learningRate: 1e-4, beta1: 0.9, beta2: 0.999, weightDecay: 1e-2, epsilon: 1e-8 };

function largestMagnitude(values: Float32Array): number {
  let max = 0;
  for (const value of values) max = Math.max(max, Math.abs(value));
  return max;
}

/**
 * The parameters whose gradient (in the model's variable order) is not within 1e-4 of the largest element of
 * diffusers' (`grads_all.safetensors`). Gradients that are zero in exact arithmetic (a per-channel constant
 * added right before a GroupNorm with one channel per group) hold ~1e-9 of float32 noise in the reference,
 * so there both sides must be noise, far below the largest gradient. Values are read asynchronously.
 */
export async function gradientMismatches(
  unet: UNet2DConditionModel,
  grads: readonly tf.Tensor[],
  gradsAll: Fixture,
): Promise<{ mismatches: string[]; analyticallyZero: string[] }> {
  const parameters = unet.parameterMap();
  const keys = [...parameters.keys()];
  expect(new Set(gradsAll.keys())).toEqual(new Set(keys));
  const scales = new Map(keys.map((key) => [key, largestMagnitude(gradsAll.get(key)!.data as Float32Array)]));
  const noiseLevel = 1e-6 * Math.max(...scales.values());
  const mismatches: string[] = [];
  const analyticallyZero: string[] = [];
  for (const [index, key] of keys.entries()) {
    const actual = tf.tidy(() => parameters.get(key)!.toDiffusersLayout(grads[index]!));
    const values = (await actual.data()) as Float32Array;
    actual.dispose();
    const expected = gradsAll.get(key)!.data as Float32Array;
    const scale = scales.get(key)!;
    if (scale < noiseLevel) {
      analyticallyZero.push(key);
      const actualMax = largestMagnitude(values);
      if (actualMax >= noiseLevel) mismatches.push(`${key}: expected ~0, got max ${actualMax}`);
      continue;
    }
    let error = 0;
    for (let i = 0; i < expected.length; i++) error = Math.max(error, Math.abs(values[i]! - expected[i]!));
    if (!(error <= 1e-4 * scale)) mismatches.push(`${key}: ${error} > 1e-4 x ${scale}`);
  }
  return { mismatches, analyticallyZero };
}

/**
 * The parameter elements that, after the test's AdamW step, differ from torch's `param_after_adamw.*`.
 * Adam's first step moves each weight by about lr * g / (|g| + eps): where a gradient element is float32
 * noise (below the gradient check's tolerance, 1e-4 of the tensor's max) the step's size and sign are noise
 * too, in PyTorch as here, so those elements are only checked to move at most lr (plus weight decay); every
 * other element must match PyTorch within 2e-5.
 */
export async function adamWStepMismatches(
  unet: UNet2DConditionModel,
  fixture: Fixture,
  gradsAll: Fixture,
): Promise<string[]> {
  const parameters = unet.parameterMap();
  const checked = [...fixture.keys()].filter((name) => name.startsWith('param_after_adamw.'));
  expect(checked.length).toBeGreaterThan(10);
  const mismatches: string[] = [];
  for (const name of checked) {
    const key = name.slice('param_after_adamw.'.length);
    const reference = fixture.get(name)!.data as Float32Array;
    const before = fixture.get(`param_before.${key}`)!.data as Float32Array;
    const gradient = gradsAll.get(key)!.data as Float32Array;
    const noise = 1e-4 * largestMagnitude(gradient);
    const parameter = parameters.get(key)!;
    const afterTensor = tf.tidy(() => parameter.toDiffusersLayout(parameter.variable));
    const after = await afterTensor.data();
    afterTensor.dispose();
    after.forEach((value, i) => {
      const bound = Math.abs(gradient[i]!) < noise ? 1e-4 * (1 + 1e-2 * Math.abs(before[i]!)) + 2e-5 : 2e-5;
      if (Math.abs(value - reference[i]!) > bound) {
        mismatches.push(`${key}[${i}]: |${value} - ${reference[i]}| > ${bound} (grad ${gradient[i]})`);
      }
    });
  }
  return mismatches;
}
