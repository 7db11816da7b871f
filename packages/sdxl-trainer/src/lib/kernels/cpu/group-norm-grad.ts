import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import type { GroupNormAttrs } from '../../ops/kernel-names.js';
import { float32Values } from './float32-values.js';
import { groupLayout } from './group-layout.js';

/**
 * GroupNorm/LayerNorm backward from the forward's statistics, sums in float64:
 * dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)) with dxhat = dy * gamma, and the affine
 * parameters' gradients dgamma = sum(dy * xhat), dbeta = sum(dy).
 */
export function cpuGroupNormGrad(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const inputs = args.inputs as {
    dy: tf.TensorInfo;
    x: tf.TensorInfo;
    gamma: tf.TensorInfo;
    statistics: tf.TensorInfo;
  };
  const { samples, positions, groups, groupSize, channels } = groupLayout(
    inputs.x,
    args.attrs as unknown as GroupNormAttrs,
  );
  const [dy, x, gamma, moments] = [inputs.dy, inputs.x, inputs.gamma, inputs.statistics].map((t) =>
    float32Values(args.backend, t),
  ) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const dx = new Float32Array(x.length);
  const dGamma = new Float64Array(channels);
  const dBeta = new Float64Array(channels);
  const count = positions * groupSize;
  for (let s = 0; s < samples; s++) {
    for (let g = 0; g < groups; g++) {
      const mean = moments[(s * groups + g) * 2]!;
      const rstd = moments[(s * groups + g) * 2 + 1]!;
      let sumDxhat = 0;
      let sumDxhatXhat = 0;
      for (let p = 0; p < positions; p++) {
        const base = (s * positions + p) * channels;
        for (let c = g * groupSize; c < (g + 1) * groupSize; c++) {
          const xhat = (x[base + c]! - mean) * rstd;
          const gradient = dy[base + c]!;
          const dxhat = gradient * gamma[c]!;
          sumDxhat += dxhat;
          sumDxhatXhat += dxhat * xhat;
          dGamma[c]! += gradient * xhat;
          dBeta[c]! += gradient;
        }
      }
      const meanDxhat = sumDxhat / count;
      const meanDxhatXhat = sumDxhatXhat / count;
      for (let p = 0; p < positions; p++) {
        const base = (s * positions + p) * channels;
        for (let c = g * groupSize; c < (g + 1) * groupSize; c++) {
          const xhat = (x[base + c]! - mean) * rstd;
          dx[base + c] = rstd * (dy[base + c]! * gamma[c]! - meanDxhat - xhat * meanDxhatXhat);
        }
      }
    }
  }
  const backend = args.backend as MathBackendCPU;
  return [
    backend.makeTensorInfo(inputs.x.shape, 'float32', dx),
    backend.makeTensorInfo([channels], 'float32', Float32Array.from(dGamma)),
    backend.makeTensorInfo([channels], 'float32', Float32Array.from(dBeta)),
  ];
}
