import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import type { GroupNormAttrs } from '../../ops/kernel-names.js';
import { kernelEngine } from './engine/kernel-engine.js';
import { float32Values } from './float32-values.js';
import { groupLayout } from './group-layout.js';
import { groupLayoutWords } from './group-layout-words.js';

/** assembly/index.ts's GroupNorm backward task. */
const TASK_GROUP_NORM_GRAD = 10;

/**
 * GroupNorm/LayerNorm backward from the forward's statistics, sums in float64, each (sample, group) on the
 * kernel engine's threads: dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)) with dxhat =
 * dy * gamma, and the affine parameters' gradients dgamma = sum(dy * xhat), dbeta = sum(dy), each sample's
 * share added here in sample order (the same on any thread count).
 */
export function cpuGroupNormGrad(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const inputs = args.inputs as {
    dy: tf.TensorInfo;
    x: tf.TensorInfo;
    gamma: tf.TensorInfo;
    statistics: tf.TensorInfo;
  };
  const layout = groupLayout(inputs.x, args.attrs as unknown as GroupNormAttrs);
  const { samples, groups, channels } = layout;
  const values = [inputs.dy, inputs.x, inputs.gamma, inputs.statistics].map((t) =>
    float32Values(args.backend, t),
  );
  const length = values[1]!.length;
  const engine = kernelEngine();
  const call = engine.prepare({
    inputs: values,
    outputs: [length],
    scratch: [20, samples * channels * 16],
  });
  const [layoutAt, sharesAt] = call.scratch as [number, number];
  engine.words(layoutAt, 5).set(groupLayoutWords(layout));
  engine.run(TASK_GROUP_NORM_GRAD, samples * groups, [layoutAt, ...call.inputs, ...call.outputs, sharesAt]);
  const [dx] = call.results() as [Float32Array];
  const shares = engine.doubles(sharesAt, samples * channels * 2);
  const dGamma = new Float64Array(channels);
  const dBeta = new Float64Array(channels);
  for (let s = 0; s < samples; s++) {
    for (let c = 0; c < channels; c++) {
      dGamma[c]! += shares[(s * channels + c) * 2]!;
      dBeta[c]! += shares[(s * channels + c) * 2 + 1]!;
    }
  }
  const backend = args.backend as MathBackendCPU;
  return [
    backend.makeTensorInfo(inputs.x.shape, 'float32', dx),
    backend.makeTensorInfo([channels], 'float32', Float32Array.from(dGamma)),
    backend.makeTensorInfo([channels], 'float32', Float32Array.from(dBeta)),
  ];
}
