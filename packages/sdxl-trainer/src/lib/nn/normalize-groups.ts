import * as tf from '@tensorflow/tfjs-core';

/**
 * Normalisation over channel groups of the last axis, with a per-channel affine: GroupNorm when
 * `positionsPerSample` spans all positions of an image, LayerNorm when it is 1 (each token its own sample)
 * and `groups` is 1. `input` is [..., channels] with `samples x positionsPerSample` leading elements;
 * statistics are taken per (sample, group) over its positions and the group's channels (biased variance,
 * as PyTorch).
 *
 * On the cpu backend this is one fused JavaScript kernel for the forward pass and one for the backward
 * pass (with sums in float64) instead of some thirty tfjs element-wise and reduction ops, which dominated
 * the UNet's non-matmul time. Other backends run the equivalent tfjs ops.
 */
export function normalizeGroups<T extends tf.Tensor>(
  input: T,
  weight: tf.Tensor1D,
  bias: tf.Tensor1D,
  groups: number,
  positionsPerSample: number,
  eps: number,
): T {
  const channels = input.shape[input.shape.length - 1]!;
  const samples = input.size / (positionsPerSample * channels);
  if (tf.getBackend() !== 'cpu') {
    const grouped = tf.reshape(input, [samples, positionsPerSample, groups, channels / groups]);
    const { mean, variance } = tf.moments(grouped, [1, 3], true);
    const normalised = tf.reshape(
      tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, eps))),
      input.shape,
    );
    return tf.add(tf.mul(normalised, weight), bias) as T;
  }
  const layout = { samples, positions: positionsPerSample, groups, groupSize: channels / groups, channels };
  const fused = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, gamma, beta] = args as [tf.Tensor, tf.Tensor, tf.Tensor];
    const save = args[3] as tf.GradSaveFunc;
    const stats = statistics(x, layout, eps);
    save([x, gamma, stats]);
    return {
      value: forwardKernel(x, gamma, beta, stats, layout),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) =>
        backwardKernel(dy as tf.Tensor, saved[0]!, saved[1]!, saved[2]!, layout),
    };
  });
  return fused(input, weight, bias) as T;
}

interface Layout {
  samples: number;
  positions: number;
  groups: number;
  groupSize: number;
  channels: number;
}

/** Per (sample, group): [mean, reciprocal standard deviation], as a [samples * groups, 2] tensor. */
function statistics(
  input: tf.Tensor,
  { samples, positions, groups, groupSize, channels }: Layout,
  eps: number,
): tf.Tensor {
  const x = input.dataSync() as Float32Array;
  const stats = new Float32Array(samples * groups * 2);
  const count = positions * groupSize;
  for (let s = 0; s < samples; s++) {
    for (let g = 0; g < groups; g++) {
      let sum = 0;
      let sumSquares = 0;
      for (let p = 0; p < positions; p++) {
        const base = (s * positions + p) * channels + g * groupSize;
        for (let c = 0; c < groupSize; c++) {
          const value = x[base + c]!;
          sum += value;
          sumSquares += value * value;
        }
      }
      const mean = sum / count;
      const variance = Math.max(sumSquares / count - mean * mean, 0);
      stats[(s * groups + g) * 2] = mean;
      stats[(s * groups + g) * 2 + 1] = 1 / Math.sqrt(variance + eps);
    }
  }
  return tf.tensor2d(stats, [samples * groups, 2]);
}

function forwardKernel(
  input: tf.Tensor,
  weight: tf.Tensor,
  bias: tf.Tensor,
  stats: tf.Tensor,
  layout: Layout,
): tf.Tensor {
  const { samples, positions, groups, groupSize, channels } = layout;
  const [x, gamma, beta, moments] = [input, weight, bias, stats].map(
    (tensor) => tensor.dataSync() as Float32Array,
  ) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const y = new Float32Array(x.length);
  for (let s = 0; s < samples; s++) {
    for (let p = 0; p < positions; p++) {
      const base = (s * positions + p) * channels;
      for (let g = 0; g < groups; g++) {
        const mean = moments[(s * groups + g) * 2]!;
        const rstd = moments[(s * groups + g) * 2 + 1]!;
        for (let c = g * groupSize; c < (g + 1) * groupSize; c++) {
          y[base + c] = (x[base + c]! - mean) * rstd * gamma[c]! + beta[c]!;
        }
      }
    }
  }
  return tf.tensor(y, input.shape);
}

function backwardKernel(
  outputGradient: tf.Tensor,
  input: tf.Tensor,
  weight: tf.Tensor,
  stats: tf.Tensor,
  layout: Layout,
): tf.Tensor[] {
  const { samples, positions, groups, groupSize, channels } = layout;
  const [dy, x, gamma, moments] = [outputGradient, input, weight, stats].map(
    (tensor) => tensor.dataSync() as Float32Array,
  ) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const dx = new Float32Array(x.length);
  const dGamma = new Float64Array(channels);
  const dBeta = new Float64Array(channels);
  const count = positions * groupSize;
  for (let s = 0; s < samples; s++) {
    for (let g = 0; g < groups; g++) {
      const mean = moments[(s * groups + g) * 2]!;
      const rstd = moments[(s * groups + g) * 2 + 1]!;
      // dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)), dxhat = dy * gamma.
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
  return [
    tf.tensor(dx, input.shape),
    tf.tensor1d(Float32Array.from(dGamma)),
    tf.tensor1d(Float32Array.from(dBeta)),
  ];
}
