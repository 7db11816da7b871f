import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import type { GroupNormAttrs } from '../../ops/kernel-names.js';
import { float32Values } from './float32-values.js';
import { groupLayout } from './group-layout.js';

/**
 * GroupNorm/LayerNorm forward in two passes (statistics in float64, then the normalised, scaled and shifted
 * values) instead of some thirty tfjs element-wise and reduction ops. Outputs y and, per (sample, group),
 * [mean, 1 / std] for the backward pass.
 */
export function cpuGroupNorm(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const { x, gamma, beta } = args.inputs as { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo };
  const attrs = args.attrs as unknown as GroupNormAttrs;
  const { samples, positions, groups, groupSize, channels } = groupLayout(x, attrs);
  const [values, scale, shift] = [x, gamma, beta].map((t) => float32Values(args.backend, t)) as [
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const stats = new Float32Array(samples * groups * 2);
  const count = positions * groupSize;
  for (let s = 0; s < samples; s++) {
    for (let g = 0; g < groups; g++) {
      let sum = 0;
      let sumSquares = 0;
      for (let p = 0; p < positions; p++) {
        const base = (s * positions + p) * channels + g * groupSize;
        for (let c = 0; c < groupSize; c++) {
          const value = values[base + c]!;
          sum += value;
          sumSquares += value * value;
        }
      }
      const mean = sum / count;
      const variance = Math.max(sumSquares / count - mean * mean, 0);
      stats[(s * groups + g) * 2] = mean;
      stats[(s * groups + g) * 2 + 1] = 1 / Math.sqrt(variance + attrs.eps);
    }
  }
  const y = new Float32Array(values.length);
  for (let s = 0; s < samples; s++) {
    for (let p = 0; p < positions; p++) {
      const base = (s * positions + p) * channels;
      for (let g = 0; g < groups; g++) {
        const mean = stats[(s * groups + g) * 2]!;
        const rstd = stats[(s * groups + g) * 2 + 1]!;
        for (let c = g * groupSize; c < (g + 1) * groupSize; c++) {
          y[base + c] = (values[base + c]! - mean) * rstd * scale[c]! + shift[c]!;
        }
      }
    }
  }
  const backend = args.backend as MathBackendCPU;
  return [
    backend.makeTensorInfo(x.shape, 'float32', y),
    backend.makeTensorInfo([samples * groups, 2], 'float32', stats),
  ];
}
