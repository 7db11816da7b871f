import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import type { GroupNormAttrs } from '../../ops/kernel-names.js';
import { kernelEngine } from './engine/kernel-engine.js';
import { float32Values } from './float32-values.js';
import { groupLayout } from './group-layout.js';
import { groupLayoutWords } from './group-layout-words.js';

/** assembly/index.ts's GroupNorm task. */
const TASK_GROUP_NORM = 9;

/**
 * GroupNorm/LayerNorm forward, each (sample, group) in two passes (statistics in float64, then the
 * normalised, scaled and shifted values) on the kernel engine's threads, instead of some thirty tfjs
 * element-wise and reduction ops. Outputs y and, per (sample, group), [mean, 1 / std] for the backward pass.
 */
export function cpuGroupNorm(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const { x, gamma, beta } = args.inputs as { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo };
  const attrs = args.attrs as unknown as GroupNormAttrs;
  const layout = groupLayout(x, attrs);
  const [values, scale, shift] = [x, gamma, beta].map((t) => float32Values(args.backend, t)) as [
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const units = layout.samples * layout.groups;
  const engine = kernelEngine();
  const call = engine.prepare({
    inputs: [values, scale, shift],
    outputs: [values.length, units * 2],
    scratch: [20],
  });
  const [layoutAt] = call.scratch as [number];
  engine.words(layoutAt, 5).set(groupLayoutWords(layout));
  engine.run(TASK_GROUP_NORM, units, [layoutAt, ...call.inputs, ...call.outputs], {
    doubles: [attrs.eps],
  });
  const [y, stats] = call.results() as [Float32Array, Float32Array];
  const backend = args.backend as MathBackendCPU;
  return [
    backend.makeTensorInfo(x.shape, 'float32', y),
    backend.makeTensorInfo([units, 2], 'float32', stats),
  ];
}
