import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from './select-backend.js';

describe('guardWasmMemory (installed by selectBackend)', () => {
  beforeAll(() => selectBackend('wasm', { log: false }));
  afterAll(() => selectBackend('cpu', { log: false }));

  it.each([
    // Just under the limit: the memory cannot grow by that much on top of what is in use, so nothing is
    // allocated (the test stays cheap) and malloc returns 0.
    ['does not fit beside the tensors in use', [1073725000], '[1073725000] tensor (4.29 GB)'],
    [
      'is over 4 GiB, which would wrap to a small 32-bit size',
      [2 ** 30 + 64],
      '[1073741888] tensor (4.29 GB)',
    ],
  ])('a tensor that %s is refused with a clear error, and the backend keeps working', (_, shape, named) => {
    const kept = tf.tensor1d([1, 2, 3]);
    expect(() => tf.fill(shape, 1)).toThrow(
      `The wasm backend is out of memory: a ${named} does not fit in its WebAssembly memory, which is limited to 4 GB`,
    );
    expect(Array.from(kept.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(tf.add(kept, 1).dataSync())).toEqual([2, 3, 4]);
    kept.dispose();
  });
});
