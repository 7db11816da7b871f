import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import type { AdamWUpdateAttrs } from '../../ops/kernel-names.js';
import { adamWFloat32Scalars } from '../adamw-float32-scalars.js';
import { kernelEngine } from './engine/kernel-engine.js';
import { float32Values } from './float32-values.js';

/** assembly/index.ts: the AdamW task and its unit of work in values. */
const TASK_ADAMW = 3;
const CHUNK = 4096;
/** Values per call of the engine: 7 buffers of 4 MiB in its memory, whatever the parameter's size. */
const BLOCK = 1 << 20;

/**
 * One variable's AdamW update in one pass over its values (some ten tfjs element-wise ops per variable
 * were most of a training step's time on this backend), on the kernel engine (assembly/adamw.ts; a variable
 * of one unit, under 4,096 values, on this thread alone). The arithmetic is torch 1.13's float32 AdamW on a
 * CPU, its two fused multiply-adds included, so the result is torch's to the bit. A `gradientScale` input
 * (clipping's factor) multiplies each gradient value in float32 as it is read, as torch's in-place
 * `grad.mul_(clip_coef)` would have.
 */
export function cpuAdamWUpdate(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const inputs = args.inputs as Record<
    'parameter' | 'gradient' | 'firstMoment' | 'secondMoment',
    tf.TensorInfo
  > & { gradientScale?: tf.TensorInfo };
  const scalars = adamWFloat32Scalars(args.attrs as unknown as AdamWUpdateAttrs);
  const gradientScale = inputs.gradientScale ? float32Values(args.backend, inputs.gradientScale)[0]! : 1;
  const settings = [
    scalars.beta1,
    scalars.oneMinusBeta1,
    scalars.beta2,
    scalars.oneMinusBeta2,
    scalars.biasCorrection2Sqrt,
    scalars.epsilon,
    scalars.decay,
    scalars.negativeStepSize,
    gradientScale,
  ];
  const values = [inputs.parameter, inputs.gradient, inputs.firstMoment, inputs.secondMoment].map((t) =>
    float32Values(args.backend, t),
  );
  const length = values[0]!.length;
  const next = [new Float32Array(length), new Float32Array(length), new Float32Array(length)];
  for (let start = 0; start < length; start += BLOCK) {
    const end = Math.min(length, start + BLOCK);
    update(
      values.map((array) => array.subarray(start, end)),
      next.map((array) => array.subarray(start, end)),
      settings,
    );
  }
  const backend = args.backend as MathBackendCPU;
  const shape = inputs.parameter.shape;
  return next.map((array) => backend.makeTensorInfo(shape, 'float32', array));
}

function update(from: Float32Array[], to: Float32Array[], settings: number[]): void {
  const engine = kernelEngine();
  const length = from[0]!.length;
  const addresses = engine.reserve(new Array<number>(7).fill(length * 4));
  from.forEach((array, i) => engine.floats(addresses[i]!, length).set(array));
  engine.run(TASK_ADAMW, Math.ceil(length / CHUNK), [length, ...addresses], { doubles: settings });
  to.forEach((array, i) => array.set(engine.floats(addresses[4 + i]!, length)));
}
