import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import type { AdamWUpdateAttrs } from '../../ops/kernel-names.js';
import { adamWFloat32Scalars } from '../adamw-float32-scalars.js';
import { kernelEngine, type KernelEngine } from './engine/kernel-engine.js';
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
 * CPU, its two fused multiply-adds included (the machine's where it has one, else emulated exactly), so the
 * result is torch's to the bit. A `gradientScale` input
 * (clipping's factor) multiplies each gradient value in float32 as it is read, as torch's in-place
 * `grad.mul_(clip_coef)` would have. The moments are updated in place when nothing else can see them
 * (momentsOwnedHere).
 */
export function cpuAdamWUpdate(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const inputs = args.inputs as Record<
    'parameter' | 'gradient' | 'firstMoment' | 'secondMoment',
    tf.TensorInfo
  > & { gradientScale?: tf.TensorInfo };
  const scalars = adamWFloat32Scalars(args.attrs as unknown as AdamWUpdateAttrs);
  const gradientScale = inputs.gradientScale ? float32Values(args.backend, inputs.gradientScale)[0]! : 1;
  const engine = kernelEngine();
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
    engine.hardwareFusedMultiplyAdd ? 1 : 0,
  ];
  const values = [inputs.parameter, inputs.gradient, inputs.firstMoment, inputs.secondMoment].map((t) =>
    float32Values(args.backend, t),
  );
  const backend = args.backend as MathBackendCPU;
  const moments = [inputs.firstMoment, inputs.secondMoment];
  const inPlace = momentsOwnedHere(backend, moments, [values[2]!, values[3]!]);
  const length = values[0]!.length;
  const next = [
    new Float32Array(length),
    ...(inPlace ? [values[2]!, values[3]!] : [new Float32Array(length), new Float32Array(length)]),
  ];
  for (let start = 0; start < length; start += BLOCK) {
    const end = Math.min(length, start + BLOCK);
    update(
      engine,
      values.map((array) => array.subarray(start, end)),
      next.map((array) => array.subarray(start, end)),
      settings,
    );
  }
  const parameter = backend.makeTensorInfo(inputs.parameter.shape, 'float32', next[0]!);
  if (!inPlace) {
    next.slice(1).forEach((array) => MOMENT_BUFFERS.add(array));
    return [
      parameter,
      ...next.slice(1).map((array) => backend.makeTensorInfo(inputs.parameter.shape, 'float32', array)),
    ];
  }
  // The new moments are the old ones' buffers, each with one more reference (as Reshape shares its input's).
  return [
    parameter,
    ...moments.map(({ dataId, shape }) => {
      backend.incRef(dataId);
      return { dataId, shape, dtype: 'float32' as const };
    }),
  ];
}

/** The moment buffers this kernel allocated: the only ones it ever overwrites. */
const MOMENT_BUFFERS = new WeakSet<Float32Array>();

/**
 * Whether the moments can take their new values in place, as torch's `exp_avg.mul_(...)` does: each buffer
 * is one this kernel made for an earlier step's moments (never an array someone passed to `tf.tensor`),
 * belongs to one tensor only (the optimizer's state, which takes the new values next) and the two are
 * distinct. That saves allocating (and later collecting) two new buffers per variable per step. The
 * parameter always gets a new buffer: model code and users may hold its values.
 */
function momentsOwnedHere(
  backend: MathBackendCPU,
  infos: readonly tf.TensorInfo[],
  arrays: readonly Float32Array[],
): boolean {
  return (
    infos[0]!.dataId !== infos[1]!.dataId &&
    arrays.every((array) => MOMENT_BUFFERS.has(array)) &&
    infos.every((info) => backend.refCount(info.dataId) === 1)
  );
}

function update(engine: KernelEngine, from: Float32Array[], to: Float32Array[], settings: number[]): void {
  const length = from[0]!.length;
  const addresses = engine.reserve(new Array<number>(7).fill(length * 4));
  from.forEach((array, i) => engine.floats(addresses[i]!, length).set(array));
  engine.run(TASK_ADAMW, Math.ceil(length / CHUNK), [length, ...addresses], { doubles: settings });
  to.forEach((array, i) => array.set(engine.floats(addresses[4 + i]!, length)));
}
