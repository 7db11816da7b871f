import * as tf from '@tensorflow/tfjs-core';
import '../../register-default-kernels.js';
import { geglu } from '../../../ops/geglu.js';
import { normalizeGroups } from '../../../ops/normalize-groups.js';
import { silu } from '../../../ops/silu.js';
import { softmaxLastAxis } from '../../../ops/softmax-last-axis.js';
import { sumOfSquares } from '../../../ops/sum-of-squares.js';
import { kernelEngine } from './kernel-engine.js';

const random = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

/** The values and every input's gradient of sum(f(inputs) * weights). */
function valuesAndGradients(f: (...inputs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[]): Float32Array[] {
  return tf.tidy(() => {
    const output = f(...inputs);
    const weights = random(output.shape, 99);
    const { grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), weights)))(inputs);
    return [output, ...grads].map((tensor) => tensor.dataSync() as Float32Array);
  });
}

/** `compute` on 1, 2 and 3 threads: every value must be the same to the bit. */
function expectSameOnAnyThreadCount(compute: () => Float32Array[]): void {
  const engine = kernelEngine();
  const before = engine.threads;
  try {
    const results = [1, 2, 3].map((threads) => {
      engine.setThreads(threads);
      return compute();
    });
    for (const other of results.slice(1)) {
      other.forEach((values, i) =>
        expect(Buffer.from(values.buffer).equals(Buffer.from(results[0]![i]!.buffer))).toBe(true),
      );
    }
  } finally {
    engine.setThreads(before);
  }
}

describe('the cpu kernel engine', () => {
  it.each([
    ['[m,k] x [k,n]', [37, 29], [29, 21], false, false],
    ['both transposed, batched', [3, 29, 37], [3, 21, 29], true, true],
    ['a transposed, batched', [2, 29, 37], [2, 29, 21], true, false],
  ])('matMul %s is bit-identical on 1, 2 and 3 threads', (_, aShape, bShape, transposeA, transposeB) => {
    expectSameOnAnyThreadCount(() =>
      valuesAndGradients(
        (a, b) => tf.matMul(a!, b!, transposeA, transposeB),
        [random(aShape, 1), random(bShape, 2)],
      ),
    );
  });

  it.each<[string, number, number, number | 'same']>([
    ['3x3, stride 1', 3, 1, 1],
    ['3x3, stride 2', 3, 2, 1],
    ['1x1', 1, 1, 0],
  ])('conv2d %s and its gradients are bit-identical on 1, 2 and 3 threads', (_, kernel, stride, pad) => {
    expectSameOnAnyThreadCount(() =>
      valuesAndGradients(
        (x, filter, bias) =>
          tf.fused.conv2d({ x: x as tf.Tensor4D, filter: filter as tf.Tensor4D, strides: stride, pad, bias }),
        [random([2, 9, 7, 6], 1), random([kernel, kernel, 6, 10], 2), random([10], 3)],
      ),
    );
  });

  it('softmax, SiLU, GEGLU, GroupNorm, their gradients, sums over axes and the sum of squares are bit-identical on 1, 2 and 3 threads', () => {
    expectSameOnAnyThreadCount(() => [
      ...valuesAndGradients((x) => softmaxLastAxis(x!), [random([2, 33, 77], 1)]),
      ...valuesAndGradients((x) => silu(x!), [random([3, 50, 111], 2)]),
      ...valuesAndGradients((x) => geglu(x!), [random([3, 29, 2 * 67], 7)]),
      tf.tidy(() => sumOfSquares(random([50001], 3)).dataSync() as Float32Array),
      tf.tidy(() => tf.sum(random([3, 301, 70], 8), 1).dataSync() as Float32Array),
      tf.tidy(() => tf.sum(random([2, 90, 40, 37], 9), [0, 1, 2]).dataSync() as Float32Array),
      ...valuesAndGradients(
        (x, weight, bias) => normalizeGroups(x!, weight as tf.Tensor1D, bias as tf.Tensor1D, 8, 63, 1e-5),
        [random([3, 9, 7, 32], 4), random([32], 5), random([32], 6)],
      ),
    ]);
  });
});
