import * as tf from '@tensorflow/tfjs-core';
import '../register-default-kernels.js';
import { engineAddress } from '../../../test-support/engine-address.js';
import { kernelEngine } from './engine/kernel-engine.js';

describe('withEngineBlocks (cpu kernels keep their outputs in the engine memory)', () => {
  it("keeps a kernel's output in a block, which the next kernel reads in place, and frees it on dispose", () => {
    const x = tf.randomNormal([64, 64], 0, 1, 'float32', 1);
    const y = tf.matMul(x, x);
    const z = tf.matMul(y, x);
    expect(engineAddress(x)).toBeUndefined(); // made by tfjs's own kernel: an ordinary array
    expect(engineAddress(y)).toBeDefined();
    const expected = tf.tidy(() => {
      const plain = tf.tensor(y.dataSync(), y.shape); // an ordinary array, copied in
      return tf.matMul(plain, x).dataSync();
    });
    expect(z.dataSync()).toEqual(expected);
    const freed = engineAddress(y);
    y.dispose();
    const again = tf.matMul(x, x);
    expect(engineAddress(again)).toBe(freed); // the freed block, reused for the same size
    tf.dispose([x, z, again]);
  });

  it('takes no new storage step after step once every size was seen', () => {
    const w = tf.variable(tf.randomNormal([32, 48], 0, 1, 'float32', 2));
    const x = tf.randomNormal([8, 32], 0, 1, 'float32', 3);
    const step = () =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(tf.relu(tf.matMul(x, w)))));
        w.assign(tf.sub(w, tf.mul(grads[w.name]!, 1e-3)));
        return value.dataSync()[0]!;
      });
    step();
    const end = kernelEngine().storageEnd;
    for (let i = 0; i < 5; i++) step();
    expect(kernelEngine().storageEnd).toBe(end);
    tf.dispose([w, x]);
  });

  it('gives readers copies, never the storage a later kernel may reuse', () => {
    const x = tf.randomNormal([16, 16], 0, 1, 'float32', 4);
    const y = tf.matMul(x, x);
    const read = y.dataSync();
    const kept = read.slice();
    y.dispose();
    const other = tf.matMul(tf.mul(x, 2), x); // takes y's freed block
    expect(read).toEqual(kept);
    expect(read.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    tf.dispose([x, other]);
  });

  it("gives a slice into a block's middle its own copy, and keeps a block a slice from its start shares", () => {
    const x = tf.randomNormal([8, 8], 0, 1, 'float32', 5);
    const y = tf.matMul(x, x);
    const values = y.dataSync();
    const middle = tf.slice(y, [2, 0], [3, 8]); // tfjs's Slice: a subarray of y's storage
    const start = tf.slice(y, [0, 0], [2, 8]);
    expect(engineAddress(middle)).toBeUndefined();
    expect(engineAddress(start)).toBe(engineAddress(y));
    y.dispose();
    const other = tf.matMul(tf.mul(x, 3), x); // would take y's block, were start not holding it
    expect(engineAddress(other)).not.toBe(engineAddress(start));
    expect(Array.from(middle.dataSync())).toEqual(Array.from(values.subarray(16, 40)));
    expect(Array.from(start.dataSync())).toEqual(Array.from(values.subarray(0, 16)));
    tf.dispose([x, middle, start, other]);
  });
});
