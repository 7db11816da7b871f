import * as tf from '@tensorflow/tfjs-core';
import { withKernels } from '../../../test-support/with-kernels.js';
import { adamWUpdate } from '../../ops/adamw-update.js';
import { geglu } from '../../ops/geglu.js';
import {
  ADAMW_UPDATE,
  GEGLU,
  GEGLU_GRAD,
  GROUP_NORM,
  GROUP_NORM_GRAD,
  SILU,
  SILU_GRAD,
  SOFTMAX_LAST_AXIS,
  SOFTMAX_LAST_AXIS_GRAD,
  SUM_OF_SQUARES,
} from '../../ops/kernel-names.js';
import { normalizeGroups } from '../../ops/normalize-groups.js';
import { silu } from '../../ops/silu.js';
import { softmaxLastAxis } from '../../ops/softmax-last-axis.js';
import { sumOfSquares } from '../../ops/sum-of-squares.js';
import { portableAdamWUpdate } from '../portable/adamw-update.js';
import { portableGeglu } from '../portable/geglu.js';
import { portableGegluGrad } from '../portable/geglu-grad.js';
import { portableGroupNorm } from '../portable/group-norm.js';
import { portableGroupNormGrad } from '../portable/group-norm-grad.js';
import { portableSilu } from '../portable/silu.js';
import { portableSiluGrad } from '../portable/silu-grad.js';
import { portableSoftmaxLastAxis } from '../portable/softmax-last-axis.js';
import { portableSoftmaxLastAxisGrad } from '../portable/softmax-last-axis-grad.js';
import { portableSumOfSquares } from '../portable/sum-of-squares.js';

const random = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

/** Runs `compute` and reads every result back (tensors freed). */
function valuesOf(compute: () => tf.Tensor[]): Float32Array[] {
  return tf.tidy(() => compute().map((tensor) => tensor.dataSync() as Float32Array));
}

/** max |a - b| / max |b| over the pair (b the reference). */
function relativeError(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let scale = 1e-12;
  let error = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]!));
    error = Math.max(error, Math.abs(actual[i]! - expected[i]!));
  }
  return Number.isNaN(error) ? Infinity : error / scale;
}

/** `compute` with pixel's cpu kernels equals `compute` with the given reference kernels, to `tolerance`. */
async function expectSameAs(
  reference: Record<string, tf.KernelFunc | 'stock'>,
  compute: () => tf.Tensor[],
  tolerance = 1e-5,
): Promise<void> {
  const ours = valuesOf(compute);
  const theirs = await withKernels('cpu', reference, () => valuesOf(compute));
  ours.forEach((values, i) => expect(relativeError(values, theirs[i]!)).toBeLessThanOrEqual(tolerance));
}

/** The value and the gradients of sum(f(inputs) * weights) with respect to every input. */
function withGradients(f: (...inputs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[]): tf.Tensor[] {
  const output = f(...inputs);
  const weights = random(output.shape, 99);
  const { grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), weights)))(inputs);
  return [output, ...grads];
}

describe('cpu kernels against tfjs stock kernels', () => {
  it.each([
    ['[m,k] x [k,n]', [5, 7], [7, 3], false, false],
    ['transposed a', [7, 5], [7, 3], true, false],
    ['transposed b', [5, 7], [3, 7], false, true],
    ['both transposed', [7, 5], [3, 7], true, true],
    ['batched', [4, 5, 7], [4, 7, 3], false, false],
    ['batched, transposed b (attention scores)', [2, 3, 5, 7], [2, 3, 6, 7], false, true],
    ['wide, every layout packed in whole blocks (Linear)', [13, 22], [19, 22], false, true],
    ['wide, transposed a', [22, 13], [22, 19], true, false],
  ])('BatchMatMul %s, with its gradients', async (_, aShape, bShape, transposeA, transposeB) => {
    await expectSameAs({ [tf.BatchMatMul]: 'stock' }, () =>
      withGradients(
        (a, b) => tf.matMul(a!, b!, transposeA, transposeB),
        [random(aShape, 1), random(bShape, 2)],
      ),
    );
  });

  // tfjs has no gradient for a broadcast batch (its BatchMatMul gradient keeps the broadcast shape).
  it.each([
    ['batched a, one b', [2, 3, 5, 7], [7, 3], false, false],
    ['batched a transposed, one b', [2, 7, 5], [7, 3], true, false],
    ['one a, batched b, transposed a', [7, 5], [4, 7, 3], true, false],
  ])('BatchMatMul %s', async (_, aShape, bShape, transposeA, transposeB) => {
    await expectSameAs({ [tf.BatchMatMul]: 'stock' }, () => [
      tf.matMul(random(aShape, 1), random(bShape, 2), transposeA, transposeB),
    ]);
  });

  it('_FusedMatMul with a bias (Linear), with its gradients', async () => {
    await expectSameAs({ [tf._FusedMatMul]: 'stock', [tf.BatchMatMul]: 'stock' }, () =>
      withGradients(
        (a, b, bias) => tf.fused.matMul({ a: a as tf.Tensor3D, b: b as tf.Tensor3D, transposeB: true, bias }),
        [random([2, 6, 5], 1), random([2, 3, 5], 2), random([3], 3)],
      ),
    );
  });

  const convKernels = {
    [tf.Conv2D]: 'stock',
    [tf.FusedConv2D]: 'stock',
    [tf.Conv2DBackpropFilter]: 'stock',
    [tf.Conv2DBackpropInput]: 'stock',
  } as const;
  it.each<[string, number, number, number | 'same' | 'valid', number, number]>([
    ['3x3, stride 1, padding 1 (every conv of a resnet)', 3, 1, 1, 3, 4],
    ['3x3, stride 2, padding 1 (Downsample2D)', 3, 2, 1, 3, 4],
    ['1x1 (conv_shortcut, proj_in)', 1, 1, 0, 3, 4],
    ['3x3, stride 1, same', 3, 1, 'same', 3, 4],
    ['3x3, stride 2, valid', 3, 2, 'valid', 3, 4],
    ['3x3, stride 1, 20 -> 12 channels (whole blocks of 8 and 4, and the rest)', 3, 1, 1, 20, 12],
    ['3x3, stride 2, 16 -> 9 channels', 3, 2, 1, 16, 9],
    ['1x1, 12 -> 17 channels', 1, 1, 0, 12, 17],
  ])('conv2d %s at batch 2, with its gradients', async (_, kernel, stride, pad, inChannels, outChannels) => {
    await expectSameAs(convKernels, () =>
      withGradients(
        (x, filter, bias) =>
          tf.fused.conv2d({ x: x as tf.Tensor4D, filter: filter as tf.Tensor4D, strides: stride, pad, bias }),
        [
          random([2, 7, 6, inChannels], 1),
          random([kernel, kernel, inChannels, outChannels], 2),
          random([outChannels], 3),
        ],
      ),
    );
  });

  it.each([
    [
      'axis -1 (skip connections)',
      [
        [2, 3, 4],
        [2, 3, 5],
      ],
      -1,
    ],
    [
      'axis 0',
      [
        [1, 3],
        [2, 3],
      ],
      0,
    ],
    [
      'axis 1 of rank 4',
      [
        [2, 2, 3, 2],
        [2, 1, 3, 2],
        [2, 3, 3, 2],
      ],
      1,
    ],
  ])('Concat along %s, and SplitV (its gradient)', async (_, shapes, axis) => {
    await expectSameAs({ [tf.Concat]: 'stock', [tf.SplitV]: 'stock' }, () =>
      withGradients(
        (...parts) => tf.concat(parts, axis as number),
        (shapes as number[][]).map((shape, index) => random(shape, index + 1)),
      ),
    );
  });

  it('SplitV into equal and unequal parts, and Concat of int32', async () => {
    await expectSameAs({ [tf.Concat]: 'stock', [tf.SplitV]: 'stock' }, () => [
      ...tf.split(random([2, 3, 8], 1), 2, -1),
      ...tf.split(random([2, 5, 4], 2), [1, -1, 2], 1),
      tf.cast(
        tf.concat([tf.tensor2d([[1, 2]], [1, 2], 'int32'), tf.tensor2d([[3]], [1, 1], 'int32')], 1),
        'float32',
      ),
    ]);
  });
});

describe('cpu element-wise, reduction and transpose kernels against tfjs stock kernels', () => {
  const binaryKernels = { [tf.Add]: 'stock', [tf.Sub]: 'stock', [tf.Multiply]: 'stock' } as const;
  it.each([
    ['the same shape', [2, 3, 4], [2, 3, 4]],
    ['a scalar', [2, 3, 4], []],
    ['a scalar first', [], [2, 3, 4]],
    ['a bias [C] against NHWC', [2, 3, 4, 5], [5]],
    ['a [1, 1, 1, C] scale first', [1, 1, 1, 5], [2, 3, 4, 5]],
    ['a [1, 1] value', [2, 3], [1, 1]],
    ['a broadcast in the middle (stock)', [2, 3, 4], [2, 1, 4]],
    ['the same shape, on the threads', [3, 101, 113], [3, 101, 113]],
    ['a scalar, on the threads', [3, 101, 113], []],
    ['a scalar first, on the threads', [], [3, 101, 113]],
  ])('Add, Sub and Multiply with %s, with their gradients', async (_, aShape, bShape) => {
    await expectSameAs(
      { ...binaryKernels, [tf.Sum]: 'stock' },
      () =>
        withGradients(
          (a, b) => tf.stack([tf.add(a!, b!), tf.sub(a!, b!), tf.sub(b!, a!), tf.mul(a!, b!)]),
          [random(aShape, 1), random(bShape, 2)],
        ),
      0,
    );
  });

  it('Erf, Exp and Neg (GELU), with their gradients, over their range, and of int32 (stock)', async () => {
    await expectSameAs(
      { [tf.Erf]: 'stock', [tf.Exp]: 'stock', [tf.Neg]: 'stock' },
      () => [
        ...withGradients((x) => tf.stack([tf.erf(x!), tf.exp(x!), tf.neg(x!)]), [random([3, 4, 5], 1)]),
        tf.cast(tf.neg(tf.tensor1d([1, -2, 3], 'int32')), 'float32'),
        tf.stack([tf.erf(tf.linspace(-6, 6, 4001)), tf.exp(tf.linspace(-80, 80, 4001))]),
      ],
      1e-6,
    );
  });

  it.each([
    ['leading axes (bias gradients)', [2, 3, 4, 5], [0, 1, 2], false],
    ['many rows of 70: 16-column blocks, a tail, several threads', [4, 300, 70], [0, 1], false],
    ['trailing axes, kept', [2, 3, 4, 5], [2, 3], true],
    ['middle axes', [2, 3, 4, 5], [1, 2], false],
    ['no axis', [2, 3], [], false],
    ['non-adjacent axes (stock)', [2, 3, 4], [0, 2], false],
  ])('Sum over %s', async (_, shape, axes, keepDims) => {
    await expectSameAs(
      { [tf.Sum]: 'stock' },
      () => [tf.sum(random(shape as number[], 1), axes as number[], keepDims as boolean)],
      1e-6,
    );
  });

  it.each([
    ['attention heads [b, t, h, d] -> [b, h, t, d]', [2, 5, 3, 4], [0, 2, 1, 3]],
    ['runs of 300 values, copied whole', [2, 3, 4, 300], [0, 2, 1, 3]],
    ['NHWC -> NCHW', [2, 3, 4, 5], [0, 3, 1, 2]],
    ['a matrix', [6, 7], [1, 0]],
    ['with axes of size 1', [1, 5, 1, 4], [2, 3, 0, 1]],
    ['reversed rank 5', [2, 3, 1, 4, 2], [4, 3, 2, 1, 0]],
  ])('Transpose %s', async (_, shape, perm) => {
    await expectSameAs({ [tf.Transpose]: 'stock' }, () => [tf.transpose(random(shape, 1), perm)], 0);
    const ints = tf.tidy(() => tf.transpose(tf.range(0, 12, 1, 'int32').reshape([3, 4]), [1, 0]));
    expect(Array.from(ints.dataSync())).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    ints.dispose();
  });
});

describe('ResizeNearestNeighborGrad (the gradient of Upsample2D)', () => {
  /** The exact gradient of sum(resize(x) * w): each w added to the input pixel its output copied. */
  function expectedGradient(
    shape: number[],
    size: [number, number],
    attrs: [boolean, boolean],
    w: tf.Tensor,
  ) {
    return tf.tidy(() => {
      // Resizing an image of indices gives, for each output value, the flat index of its source pixel.
      const size4 = shape as [number, number, number, number];
      const indices = tf.tensor4d(
        Float32Array.from({ length: tf.util.sizeFromShape(shape) }, (_, i) => i),
        size4,
      );
      const sources = tf.image.resizeNearestNeighbor(indices, size, ...attrs).dataSync();
      const weights = w.dataSync();
      const dx = new Float32Array(tf.util.sizeFromShape(shape));
      sources.forEach((source, i) => (dx[source] = dx[source]! + weights[i]!));
      return dx;
    });
  }

  function gradient(shape: number[], size: [number, number], attrs: [boolean, boolean], w: tf.Tensor) {
    return tf.tidy(
      () =>
        tf
          .grad((x: tf.Tensor) =>
            tf.sum(tf.mul(tf.image.resizeNearestNeighbor(x as tf.Tensor4D, size, ...attrs), w)),
          )(random(shape, 1))
          .dataSync() as Float32Array,
    );
  }

  it.each([
    ['2x upsampling, batch 2, non-square (Upsample2D)', [2, 3, 4, 5], [6, 8], [false, false]],
    ['batch 3, align corners', [3, 4, 3, 2], [7, 5], [true, false]],
    ['batch 2, half-pixel centres, downsizing', [2, 6, 5, 2], [4, 3], [false, true]],
  ])('is the transpose of the forward pass: %s', (_, shape, size, attrs) => {
    const w = random([shape[0]!, ...(size as number[]), shape[3]!], 7);
    const ours = gradient(shape as number[], size as [number, number], attrs as [boolean, boolean], w);
    const expected = expectedGradient(
      shape as number[],
      size as [number, number],
      attrs as [boolean, boolean],
      w,
    );
    expect(relativeError(ours, expected)).toBeLessThan(1e-6);
  });

  it("tfjs's own cpu kernel is wrong at batch 2 (why pixel replaces it)", async () => {
    const shape = [2, 3, 4, 5];
    const size: [number, number] = [6, 8];
    const w = random([2, 6, 8, 5], 7);
    const expected = expectedGradient(shape, size, [false, false], w);
    const stock = await withKernels('cpu', { [tf.ResizeNearestNeighborGrad]: 'stock' }, () =>
      gradient(shape, size, [false, false], w),
    );
    // The first image is right, the second reads the first image's part of dy (measured 30-100% off).
    const perImage = expected.length / 2;
    expect(relativeError(stock.subarray(0, perImage), expected.subarray(0, perImage))).toBeLessThan(1e-6);
    expect(relativeError(stock.subarray(perImage), expected.subarray(perImage))).toBeGreaterThan(0.1);
  });
});

describe("pixel's custom kernels on cpu against their portable (tfjs ops) form", () => {
  it.each([
    ['a few values', [2, 5, 7]],
    ['many values over several threads, extremes included', [3, 101, 97]],
  ])('SiLU and its gradient, %s', async (_, shape) => {
    await expectSameAs({ [SILU]: portableSilu, [SILU_GRAD]: portableSiluGrad }, () =>
      withGradients((x) => silu(tf.mul(x!, tf.linspace(-100, 100, shape[2]!))), [random(shape, 1)]),
    );
  });

  it.each([
    ['halves of 7 (a tail of 3 values per row)', [2, 5, 14]],
    ['halves of 64 over several threads, gates far into both tails', [3, 41, 128]],
  ])('GEGLU and its gradient, %s', async (_, shape) => {
    await expectSameAs({ [GEGLU]: portableGeglu, [GEGLU_GRAD]: portableGegluGrad }, () =>
      withGradients((x) => geglu(tf.mul(x!, 4)), [random(shape, 1)]),
    );
  });

  it.each([
    ['rows of 9', [3, 4, 9]],
    ['rows of 77 (cross-attention)', [2, 40, 77]],
    ['rows of 256 with a large spread', [2, 9, 256]],
  ])('softmax over the last axis and its gradient, %s', async (_, shape) => {
    await expectSameAs(
      { [SOFTMAX_LAST_AXIS]: portableSoftmaxLastAxis, [SOFTMAX_LAST_AXIS_GRAD]: portableSoftmaxLastAxisGrad },
      () => withGradients((x) => softmaxLastAxis(tf.mul(x!, 8)), [random(shape, 1)]),
    );
  });

  it.each([
    ['GroupNorm (4 groups over 6x5 pixels, batch 2)', [2, 6, 5, 8], 4, 30],
    ['LayerNorm (1 group per token)', [2, 7, 6], 1, 1],
  ])('%s and its gradients', async (_, shape, groups, positions) => {
    const channels = shape[shape.length - 1]!;
    await expectSameAs({ [GROUP_NORM]: portableGroupNorm, [GROUP_NORM_GRAD]: portableGroupNormGrad }, () =>
      withGradients(
        (x, weight, bias) =>
          normalizeGroups(x!, weight as tf.Tensor1D, bias as tf.Tensor1D, groups, positions, 1e-5),
        [tf.add(tf.mul(random(shape, 1), 3), 2), random([channels], 2), random([channels], 3)],
      ),
    );
  });

  it('the AdamW update and the sum of squares', async () => {
    await expectSameAs(
      { [ADAMW_UPDATE]: portableAdamWUpdate, [SUM_OF_SQUARES]: portableSumOfSquares },
      () => {
        const attrs = {
          beta1: 0.9,
          beta2: 0.999,
          epsilon: 1e-8,
          stepSize: 1e-3,
          decay: 0.9999,
          biasCorrection2Sqrt: 0.05,
        };
        const [p, g, m] = [random([4, 9], 1), random([4, 9], 2), random([4, 9], 3)];
        return [...adamWUpdate(p, g, m, tf.abs(random([4, 9], 4)), attrs), sumOfSquares(g)];
      },
    );
  });

  it("the sum of squares of several tensors: each one's, added in order in float32 (portable: within 1e-6)", async () => {
    const tensors = () => [random([10001], 6), random([3, 7], 7), random([40000], 8)];
    const [together, ...alone] = valuesOf(() => [
      sumOfSquares(tensors()),
      ...tensors().map((x) => sumOfSquares(x)),
    ]);
    const inOrder = alone.reduce((sum, value) => Math.fround(sum + value[0]!), 0);
    expect(together![0]).toBe(inOrder);
    await expectSameAs({ [SUM_OF_SQUARES]: portableSumOfSquares }, () => [sumOfSquares(tensors())], 1e-6);
    expect(valuesOf(() => [sumOfSquares([])])[0]![0]).toBe(0);
  });

  it('the sum of squares of 10,001 values (three pieces of the engine, an odd tail)', async () => {
    await expectSameAs(
      { [SUM_OF_SQUARES]: portableSumOfSquares },
      () => [sumOfSquares(random([10001], 5))],
      1e-6,
    );
  });

  it("the AdamW update of a large variable (the engine's threads) equals, to the bit, its slices' (one unit each, on this thread)", () => {
    const attrs = {
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      stepSize: 1e-3,
      decay: 0.9999,
      biasCorrection2Sqrt: 0.05,
    };
    const size = 9001;
    const [whole, sliced] = tf.tidy(() => {
      const [p, g, m] = [random([size], 1), random([size], 2), random([size], 3)];
      const v = tf.abs(random([size], 4));
      const together = tf.concat(adamWUpdate(p, g, m, v, attrs));
      // Slices of 1,000 values are one unit of the engine's task each, which this thread runs alone.
      const bounds = [...Array.from({ length: 10 }, (_, i) => i * 1000), size];
      const slices = bounds.slice(1).map((end, i) => {
        const [start, length] = [bounds[i]!, end - bounds[i]!];
        const part = (t: tf.Tensor) => tf.slice(t, start, length);
        return adamWUpdate(part(p), part(g), part(m), part(v), attrs);
      });
      const apart = tf.concat([0, 1, 2].map((output) => tf.concat(slices.map((slice) => slice[output]!))));
      return [together.dataSync(), apart.dataSync()];
    });
    expect(Buffer.from(whole.buffer).equals(Buffer.from(sliced.buffer))).toBe(true);
  });
});
