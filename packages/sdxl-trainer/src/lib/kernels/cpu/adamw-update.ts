import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import type { AdamWUpdateAttrs } from '../../ops/kernel-names.js';
import { kernelEngine } from './engine/kernel-engine.js';
import { float32Values } from './float32-values.js';

/** assembly/index.ts: the AdamW task and its unit of work in values. */
const TASK_ADAMW = 3;
const CHUNK = 4096;
/** Values per call of the engine: 7 buffers of 4 MiB in its memory, whatever the parameter's size. */
const BLOCK = 1 << 20;
/** Below this many values, the copies and starting the threads cost more than the loop. */
const SMALLEST_FOR_THREADS = 1 << 10;

/**
 * One variable's AdamW update in one pass over its values (some ten tfjs element-wise ops per variable
 * were most of a training step's time on this backend): on the kernel engine's threads (WebAssembly, two
 * values at a time) for large variables, a JavaScript loop for small ones; both round each value to
 * float32 where PyTorch's float32 tensors would round it, so the result is torch's to the bit in the usual
 * case and the same whichever runs it. A `gradientScale` input (clipping's factor) multiplies each gradient
 * value in float32 as it is read, as torch's in-place `grad.mul_(clip_coef)` would have.
 */
export function cpuAdamWUpdate(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const inputs = args.inputs as Record<
    'parameter' | 'gradient' | 'firstMoment' | 'secondMoment',
    tf.TensorInfo
  > & { gradientScale?: tf.TensorInfo };
  const attrs = args.attrs as unknown as AdamWUpdateAttrs;
  const gradientScale = inputs.gradientScale ? float32Values(args.backend, inputs.gradientScale)[0]! : 1;
  const values = [inputs.parameter, inputs.gradient, inputs.firstMoment, inputs.secondMoment].map((t) =>
    float32Values(args.backend, t),
  ) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const length = values[0].length;
  const next = [new Float32Array(length), new Float32Array(length), new Float32Array(length)] as const;
  if (length >= SMALLEST_FOR_THREADS) {
    for (let start = 0; start < length; start += BLOCK) {
      const end = Math.min(length, start + BLOCK);
      updateOnThreads(
        values.map((array) => array.subarray(start, end)),
        next.map((array) => array.subarray(start, end)),
        attrs,
        gradientScale,
      );
    }
  } else {
    updateInJavaScript(values, next, attrs, gradientScale);
  }
  const backend = args.backend as MathBackendCPU;
  const shape = inputs.parameter.shape;
  return next.map((array) => backend.makeTensorInfo(shape, 'float32', array));
}

function updateOnThreads(
  from: Float32Array[],
  to: Float32Array[],
  attrs: AdamWUpdateAttrs,
  gradientScale: number,
): void {
  const engine = kernelEngine();
  const length = from[0]!.length;
  const addresses = engine.reserve(new Array<number>(7).fill(length * 4));
  from.forEach((array, i) => engine.floats(addresses[i]!, length).set(array));
  const { beta1, beta2, epsilon, stepSize, decay, biasCorrection2Sqrt } = attrs;
  engine.run(TASK_ADAMW, Math.ceil(length / CHUNK), [length, ...addresses], {
    doubles: [beta1, beta2, epsilon, stepSize, decay, biasCorrection2Sqrt, gradientScale],
  });
  to.forEach((array, i) => array.set(engine.floats(addresses[4 + i]!, length)));
}

function updateInJavaScript(
  [p, g, m, v]: readonly Float32Array[],
  [nextP, nextM, nextV]: readonly Float32Array[],
  { beta1, beta2, epsilon, stepSize, decay, biasCorrection2Sqrt }: AdamWUpdateAttrs,
  gradientScale: number,
): void {
  const fround = Math.fround;
  for (let i = 0; i < p!.length; i++) {
    const gradient = fround(g![i]! * gradientScale);
    nextM![i] = fround(fround(m![i]! * beta1) + fround(gradient * (1 - beta1)));
    nextV![i] = fround(fround(v![i]! * beta2) + fround(fround(gradient * gradient) * (1 - beta2)));
    const denominator = fround(fround(Math.sqrt(nextV![i]!) / biasCorrection2Sqrt) + epsilon);
    nextP![i] = fround(fround(p![i]! * decay) - fround(nextM![i]! / denominator) * stepSize);
  }
}
