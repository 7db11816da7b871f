import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { ResnetBlock2D } from './resnet-block-2d.js';

/** A small resnet (with a shortcut conv and a time embedding) and variable inputs, so every gradient is named. */
function setUp() {
  const block = new ResnetBlock2D({ inChannels: 4, outChannels: 6, tembChannels: 3, groups: 2, eps: 1e-5 });
  block.initialise(5);
  const input = tf.variable(tf.randomNormal<tf.Rank.R4>([2, 5, 5, 4], 0, 1, 'float32', 1));
  const temb = tf.variable(tf.randomNormal<tf.Rank.R2>([2, 3], 0, 1, 'float32', 2));
  const weights = tf.randomNormal([2, 5, 5, 6], 0, 1, 'float32', 3);
  const variables = [input, temb, ...block.trainableVariables()];
  const loss = () => tf.sum(tf.mul(block.forward(input, temb), weights)) as tf.Scalar;
  const gradients = () =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(loss, variables);
      return { value, grads: variables.map((variable) => grads[variable.name]!) };
    });
  return { block, input, temb, weights, variables, gradients };
}

describe('checkpoint', () => {
  it('gives the gradients of the inputs and of every variable that the plain call gives', () => {
    const { block, input, temb, weights, variables, gradients } = setUp();
    const plain = gradients();
    block.gradientCheckpointing = true;
    const checkpointed = gradients();
    expect(checkpointed.value.dataSync()[0]).toBe(plain.value.dataSync()[0]);
    plain.grads.forEach((expected, index) => {
      const error = tf.tidy(
        () => tf.max(tf.abs(tf.sub(checkpointed.grads[index]!, expected))).dataSync()[0]!,
      );
      const scale = tf.tidy(() => tf.max(tf.abs(expected)).dataSync()[0]!);
      expect(scale).toBeGreaterThan(0);
      expect(error).toBeLessThanOrEqual(1e-6 * scale);
    });
    tf.dispose([plain.value, checkpointed.value, ...plain.grads, ...checkpointed.grads]);
    tf.dispose([input, temb, weights, ...variables]);
  });

  it('outside a gradient computation returns the plain output and keeps nothing', () => {
    const { block, input, temb, weights, variables } = setUp();
    const plain = block.forward(input, temb);
    block.gradientCheckpointing = true;
    const before = tf.memory().numTensors;
    const checkpointed = block.forward(input, temb);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(Array.from(checkpointed.dataSync())).toEqual(Array.from(plain.dataSync()));
    tf.dispose([plain, checkpointed, input, temb, weights, ...variables]);
  });

  it('leaves the engine ready for the next gradient computation (the outer tape is restored and freed)', () => {
    const { block, input, temb, weights, variables, gradients } = setUp();
    block.gradientCheckpointing = true;
    const before = tf.memory().numTensors;
    for (let step = 0; step < 2; step++) {
      const { value, grads } = gradients();
      tf.dispose([value, ...grads]);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.engine().state.activeTape).toBeNull();
    tf.dispose([input, temb, weights, ...variables]);
  });
});
