import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../backend/select-backend.js';
import { registerWasmKernels } from './register-wasm-kernels.js';

/** `compute`'s results on `backend`, read back as plain arrays (tensors freed). */
async function valuesOn(backend: string, compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const tensors = compute();
  const values = tensors.map((tensor) => tensor.dataSync() as Float32Array);
  tf.dispose(tensors);
  return values;
}

function maxRelativeError(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(...expected.map(Math.abs), 1e-6);
  return Math.max(...actual.map((value, i) => Math.abs(value - expected[i]!))) / scale;
}

/** Checks `compute` gives the cpu backend's results on wasm, to float32 rounding. */
async function expectWasmMatchesCpu(compute: () => tf.Tensor[]): Promise<void> {
  const expected = await valuesOn('cpu', compute);
  const actual = await valuesOn('wasm', compute);
  actual.forEach((values, i) => expect(maxRelativeError(values, expected[i]!)).toBeLessThan(1e-5));
}

const random = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

describe('registerWasmKernels', () => {
  beforeAll(async () => {
    await selectBackend('cpu', { log: false });
    registerWasmKernels();
  });
  afterAll(() => tf.setBackend('cpu'));

  it.each([
    ['[m,k] x [k,n]', [5, 7], [7, 3], false, false],
    ['transposed a', [7, 5], [7, 3], true, false],
    ['transposed b', [5, 7], [3, 7], false, true],
    ['both transposed', [7, 5], [3, 7], true, true],
    ['batched', [4, 5, 7], [4, 7, 3], false, false],
    ['batched, transposed b (attention scores)', [2, 3, 5, 7], [2, 3, 6, 7], false, true],
    ['batched a, one b', [2, 3, 5, 7], [7, 3], false, false],
    ['one a, batched b, transposed a', [7, 5], [4, 7, 3], true, false],
  ])('matMul %s matches the cpu backend', async (_, aShape, bShape, transposeA, transposeB) => {
    await expectWasmMatchesCpu(() => [
      tf.matMul(random(aShape, 1), random(bShape, 2), transposeA, transposeB),
    ]);
  });

  it.each([
    ['transposed b and a bias (Linear)', false, true],
    ['a bias', false, false],
    ['transposed a and b and a bias', true, true],
  ])('fused matMul with %s matches the cpu backend', async (_, transposeA, transposeB) => {
    await expectWasmMatchesCpu(() => [
      tf.fused.matMul({
        a: random(transposeA ? [5, 6] : [6, 5], 1) as tf.Tensor2D,
        b: random(transposeB ? [3, 5] : [5, 3], 2) as tf.Tensor2D,
        transposeA,
        transposeB,
        bias: random([3], 3),
      }),
    ]);
  });

  it.each([
    ['3x3, stride 1, padding 1', [2, 6, 5, 3], 3, 1, 1 as const],
    ['3x3, stride 2, padding 1 (Downsample2D)', [1, 8, 8, 4], 3, 2, 1 as const],
    ['3x3, stride 2, same', [1, 7, 8, 2], 3, 2, 'same' as const],
    ['3x3, stride 2, valid, trailing pixels dropped', [1, 8, 9, 2], 3, 2, 'valid' as const],
    ['1x1', [2, 4, 4, 6], 1, 1, 0 as const],
  ])('conv2d gradients (%s) match the cpu backend', async (_, inputShape, kernelSize, stride, pad) => {
    const filterShape = [kernelSize, kernelSize, inputShape[3]!, 5];
    await expectWasmMatchesCpu(() => {
      const input = random(inputShape, 3) as tf.Tensor4D;
      const filter = random(filterShape, 4) as tf.Tensor4D;
      const outputGradient = random(tf.conv2d(input, filter, stride, pad).shape, 5);
      const { value, grads } = tf.valueAndGrads((x: tf.Tensor, w: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad), outputGradient)),
      )([input, filter]);
      return [value, ...grads];
    });
  });

  it('can be called again without wrapping the kernels twice', async () => {
    const batchMatMul = tf.getKernel(tf.BatchMatMul, 'wasm')!.kernelFunc;
    registerWasmKernels();
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')!.kernelFunc).toBe(batchMatMul);
    await expectWasmMatchesCpu(() => [tf.matMul(random([3, 4], 6), random([5, 4], 7), false, true)]);
  });

  it('leaves no tensors behind', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const input = random([1, 8, 8, 4], 8) as tf.Tensor4D;
      const filter = random([3, 3, 4, 4], 9) as tf.Tensor4D;
      tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 1)))([
        input,
        filter,
      ]);
      tf.grads((a: tf.Tensor) => tf.sum(tf.matMul(a, a, true, false)))([random([2, 3, 4], 10)]);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
