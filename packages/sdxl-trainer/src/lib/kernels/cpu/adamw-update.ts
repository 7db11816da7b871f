import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import type { AdamWUpdateAttrs } from '../../ops/kernel-names.js';
import { adamWFloat32Scalars } from '../adamw-float32-scalars.js';
import { kernelEngine } from './engine/kernel-engine.js';
import { ownedByTensorAlone } from './engine-blocks.js';
import { float32Values } from './float32-values.js';

/** assembly/index.ts: the AdamW task and its unit of work in values. */
const TASK_ADAMW = 3;
const CHUNK = 4096;

/**
 * One variable's AdamW update in one pass over its values (some ten tfjs element-wise ops per variable
 * were most of a training step's time on this backend), on the kernel engine (assembly/adamw.ts; a variable
 * of one unit, under 4,096 values, on this thread alone). The arithmetic is torch 1.13's float32 AdamW on a
 * CPU, its two fused multiply-adds included (the machine's where it has one, else emulated exactly), so the
 * result is torch's to the bit. A `gradientScale` input (clipping's factor) multiplies each gradient value
 * in float32 as it is read, as torch's in-place `grad.mul_(clip_coef)` would have. The parameter and the
 * moments are updated in place, as torch's `param.addcdiv_(...)` and `exp_avg.mul_(...)` are, where each is
 * a block of the engine's memory that only its own tensor holds (ownedByTensorAlone: from the second step
 * on, once this kernel made them): nothing is copied or allocated then.
 */
export function cpuAdamWUpdate(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const inputs = args.inputs as Record<
    'parameter' | 'gradient' | 'firstMoment' | 'secondMoment',
    tf.TensorInfo
  > & { gradientScale?: tf.TensorInfo };
  const backend = args.backend as MathBackendCPU;
  const scalars = adamWFloat32Scalars(args.attrs as unknown as AdamWUpdateAttrs);
  const gradientScale = inputs.gradientScale ? float32Values(backend, inputs.gradientScale)[0]! : 1;
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
  const infos = [inputs.parameter, inputs.gradient, inputs.firstMoment, inputs.secondMoment];
  const values = infos.map((info) => float32Values(backend, info));
  const updated = [inputs.parameter, inputs.firstMoment, inputs.secondMoment];
  const distinct = new Set(infos.map((info) => info.dataId)).size === infos.length;
  const inPlace = updated.map((info) => distinct && ownedByTensorAlone(backend, info));
  const length = values[0]!.length;
  const call = engine.prepare({
    inputs: values,
    outputs: updated.map((info, i) => (inPlace[i] ? { overInput: infos.indexOf(info) } : length)),
  });
  engine.run(TASK_ADAMW, Math.ceil(length / CHUNK), [length, ...call.inputs, ...call.outputs], {
    doubles: settings,
  });
  const results = call.results();
  return updated.map((info, i) => {
    if (!inPlace[i]) return backend.makeTensorInfo(info.shape, 'float32', results[i]!);
    // The same storage with one more reference, as Reshape shares its input's.
    backend.incRef(info.dataId);
    return { dataId: info.dataId, shape: info.shape, dtype: 'float32' as const };
  });
}
