import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Attention } from './attention.js';
import { Conv2d } from './conv2d.js';
import { ResnetBlock2D } from './resnet-block-2d.js';

describe('Module', () => {
  it('names parameters with diffusers state_dict keys and counts them without allocating', () => {
    const block = new ResnetBlock2D({
      inChannels: 32,
      outChannels: 64,
      tembChannels: 128,
      groups: 32,
      eps: 1e-5,
    });
    expect(block.parameterSpec()).toEqual([
      { key: 'norm1.weight', shape: [32] },
      { key: 'norm1.bias', shape: [32] },
      { key: 'conv1.weight', shape: [64, 32, 3, 3] },
      { key: 'conv1.bias', shape: [64] },
      { key: 'time_emb_proj.weight', shape: [64, 128] },
      { key: 'time_emb_proj.bias', shape: [64] },
      { key: 'norm2.weight', shape: [64] },
      { key: 'norm2.bias', shape: [64] },
      { key: 'conv2.weight', shape: [64, 64, 3, 3] },
      { key: 'conv2.bias', shape: [64] },
      { key: 'conv_shortcut.weight', shape: [64, 32, 1, 1] },
      { key: 'conv_shortcut.bias', shape: [64] },
    ]);
    expect(block.parameterCount()).toBe(
      32 * 2 + 64 * 32 * 9 + 64 + 64 * 128 + 64 + 64 * 2 + 64 * 64 * 9 + 64 + 64 * 32 + 64,
    );
    expect(block.missingKeys()).toHaveLength(12);
    expect(tf.memory().numTensors).toBe(0);
  });

  it('lists indexed children as dotted keys', () => {
    const attention = new Attention({ queryDim: 8, heads: 2, dimHead: 4, crossAttentionDim: 6 });
    expect(attention.parameterSpec().map((entry) => entry.key)).toEqual([
      'to_q.weight',
      'to_k.weight',
      'to_v.weight',
      'to_out.0.weight',
      'to_out.0.bias',
    ]);
  });

  it('loads a tensor in diffusers layout and gives it back (and gradients) in that layout', () => {
    const conv = new Conv2d(2, 3, 3);
    const torchWeight = tf.reshape(tf.range(0, 54), [3, 2, 3, 3]);
    const parameter = conv.parameterMap().get('weight')!;
    parameter.setFromDiffusers(torchWeight);
    expect(parameter.variable.shape).toEqual([3, 3, 2, 3]);
    expect(Array.from(parameter.toDiffusersLayout(parameter.variable).dataSync())).toEqual(
      Array.from(torchWeight.dataSync()),
    );
    expect(conv.missingKeys()).toEqual(['bias']);
    expect(() => parameter.setFromDiffusers(tf.zeros([3, 2, 3]))).toThrow(
      'Shape mismatch: expected [3, 2, 3, 3], got [3, 2, 3].',
    );
    expect(() => conv.bias!.variable).toThrow('load weights or initialise');
    conv.dispose();
  });

  it('initialises like PyTorch defaults: norms 1/0, weights within 1/sqrt(fan_in)', () => {
    const tensorsBefore = tf.memory().numTensors;
    const block = new ResnetBlock2D({ inChannels: 32, outChannels: 32, groups: 8, eps: 1e-6 });
    block.initialise(3);
    const parameters = block.parameterMap();
    expect(
      Array.from(parameters.get('norm1.weight')!.variable.dataSync()).every((value) => value === 1),
    ).toBe(true);
    expect(Array.from(parameters.get('norm1.bias')!.variable.dataSync()).every((value) => value === 0)).toBe(
      true,
    );
    const conv = Array.from(parameters.get('conv1.weight')!.variable.dataSync());
    const bound = 1 / Math.sqrt(32 * 9);
    expect(Math.max(...conv.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...conv.map(Math.abs))).toBeGreaterThan(bound * 0.9);
    block.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
