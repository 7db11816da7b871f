import path from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { SHARED } from '@pixel-tools/test-support';
import { fixtureTensor, fixtureValues, loadFixture } from '../../test-support/fixture-tensors.js';
import { AdamW } from './adamw.js';

/** torch.optim.AdamW's update written out in doubles, for two steps of one scalar parameter. */
function referenceAdamW(
  param: number,
  grads: number[],
  lr: number,
  wd: number,
  b1 = 0.9,
  b2 = 0.999,
  eps = 1e-8,
) {
  let [p, m, v] = [param, 0, 0];
  grads.forEach((g, index) => {
    const t = index + 1;
    p *= 1 - lr * wd;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    p -= (lr / (1 - b1 ** t)) * (m / (Math.sqrt(v) / Math.sqrt(1 - b2 ** t) + eps));
  });
  return p;
}

describe('AdamW', () => {
  it('follows torch.optim.AdamW step by step (decoupled decay, bias correction)', () => {
    const variable = tf.variable(tf.tensor1d([0.5, -2, 0]));
    const optimiser = new AdamW([variable], { learningRate: 0.1, weightDecay: 0.05 });
    const steps = [
      [0.3, -1, 0],
      [-0.2, 4, 1e-3],
    ];
    for (const grad of steps) optimiser.applyGradients([tf.tensor1d(grad)]);
    const expected = [0.5, -2, 0].map((start, i) =>
      referenceAdamW(
        start,
        steps.map((grad) => grad[i]!),
        0.1,
        0.05,
      ),
    );
    Array.from(variable.dataSync()).forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 6));
    expect(optimiser.step).toBe(2);
  });

  it("takes torch's step to the bit from torch's gradients (sdxl-unet-b2: clip_grad_norm_(1.0), then AdamW)", async () => {
    const fixture = await loadFixture(path.join(SHARED.unetB2, 'fixture.safetensors'));
    const gradients = await loadFixture(path.join(SHARED.unetB2, 'grads_all.safetensors'));
    const names = [...fixture.keys()]
      .filter((name) => name.startsWith('param_after_adamw.'))
      .map((name) => name.slice('param_after_adamw.'.length));
    expect(names.length).toBeGreaterThan(10);
    // torch 1.13's clip_grad_norm_ in float32: clip_coef = max_norm / (total_norm + 1e-6), at most 1.
    const f = Math.fround;
    const coefficient = Math.min(1, f(1 / f(fixtureValues(fixture, 'train.grad_norm')[0]! + f(1e-6))));
    expect(coefficient).toBeLessThan(1);
    const variables = names.map((name) => tf.variable(fixtureTensor(fixture, `param_before.${name}`)));
    const optimizer = new AdamW(variables, { learningRate: 1e-4, weightDecay: 1e-2 });
    const grads = names.map((name) => fixtureTensor(gradients, name));
    optimizer.applyGradients(grads, { gradientScale: tf.scalar(coefficient) });
    const differing = names.flatMap((name, index) => {
      const expected = fixture.get(`param_after_adamw.${name}`)!.data as Float32Array;
      const actual = variables[index]!.dataSync();
      const count = expected.filter((value, i) => !Object.is(value, actual[i])).length;
      return count === 0 ? [] : [`${name}: ${count} of ${expected.length} values`];
    });
    expect(differing).toEqual([]);
    tf.dispose([...variables, ...grads]);
    optimizer.dispose();
  });

  it('restores its state so a resumed run continues identically', () => {
    const [a, b] = [tf.variable(tf.tensor1d([1, 2])), tf.variable(tf.tensor1d([1, 2]))];
    const [first, second] = [new AdamW([a], { learningRate: 0.01 }), new AdamW([b], { learningRate: 0.01 })];
    first.applyGradients([tf.tensor1d([0.1, 0.2])]);
    b.assign(a);
    const state = first.getState();
    second.setState(state);
    first.applyGradients([tf.tensor1d([0.3, -0.1])]);
    second.applyGradients([tf.tensor1d([0.3, -0.1])]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(second.step).toBe(2);
  });

  it('streams its moments without copies and restores them one tensor at a time', () => {
    const [a, b] = [tf.variable(tf.tensor1d([1, 2])), tf.variable(tf.tensor1d([1, 2]))];
    const [first, second] = [new AdamW([a], { learningRate: 0.01 }), new AdamW([b], { learningRate: 0.01 })];
    first.applyGradients([tf.tensor1d([0.1, 0.2])]);
    b.assign(a);
    const before = tf.memory().numBytes;
    const [entry] = [...first.stateEntries()];
    expect(tf.memory().numBytes).toBe(before);
    // torch.optim.AdamW's exp_avg after this step: float32(g) * float32(1 - 0.9), in float32.
    const firstMoment = [0.1, 0.2].map((g) => Math.fround(Math.fround(g) * Math.fround(1 - 0.9)));
    expect(firstMoment).toEqual([0.010000000707805157, 0.020000001415610313]);
    expect(Array.from(entry!.firstMoment.dataSync())).toEqual(firstMoment);
    second.setMoments(0, { secondMoment: entry!.secondMoment });
    second.setMoments(0, { firstMoment: entry!.firstMoment });
    second.step = first.step;
    first.applyGradients([tf.tensor1d([0.3, -0.1])]);
    second.applyGradients([tf.tensor1d([0.3, -0.1])]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(() => second.setMoments(1, { firstMoment: tf.zeros([2]) })).toThrow('no variable 1');
    expect(() => second.setMoments(0, { firstMoment: tf.zeros([3]) })).toThrow(
      'firstMoment 0 has shape [3], its variable [2]',
    );
    expect(() => (second.step = -1)).toThrow('step must be a non-negative integer');
  });

  it('names its state tensors as checkpoints store them (<variable index>.exp_avg, .exp_avg_sq) and restores them by name', () => {
    const [a, b] = [tf.variable(tf.tensor1d([1, 2])), tf.variable(tf.tensor1d([1, 2]))];
    const [first, second] = [new AdamW([a], { learningRate: 0.01 }), new AdamW([b], { learningRate: 0.01 })];
    first.applyGradients([tf.tensor1d([0.1, 0.2])]);
    b.assign(a);
    const state = [...first.stateTensors()];
    expect(state.map(([name]) => name)).toEqual(['0.exp_avg', '0.exp_avg_sq']);
    for (const [name, tensor] of state) second.setStateTensor(name, tensor);
    second.step = first.step;
    first.applyGradients([tf.tensor1d([0.3, -0.1])]);
    second.applyGradients([tf.tensor1d([0.3, -0.1])]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(() => second.setStateTensor('0.exp_avg_sq_row', tf.zeros([2]))).toThrow(
      'AdamW: no state tensor "0.exp_avg_sq_row"',
    );
  });

  it('rejects bad hyper-parameters and mismatched gradients', () => {
    const variable = tf.variable(tf.zeros([2]));
    expect(() => new AdamW([variable], { learningRate: 1e-4, beta2: 1 })).toThrow('beta2 must be in [0, 1)');
    expect(() => new AdamW([variable], { learningRate: -1 })).toThrow(
      'learningRate must be a non-negative number',
    );
    const optimiser = new AdamW([variable], { learningRate: 1e-4 });
    expect(() => optimiser.applyGradients([])).toThrow('got 0 gradients for 1 variables');
    expect(() => optimiser.applyGradients([tf.zeros([3])])).toThrow(
      'gradient 0 has shape [3], its variable [2]',
    );
  });
});
