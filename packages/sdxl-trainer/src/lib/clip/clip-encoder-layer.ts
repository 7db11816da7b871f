import * as tf from '@tensorflow/tfjs-core';

import type { CLIPTextConfig } from '../../types/clip.js';
import { gelu } from '../ops/gelu.js';
import { LayerNorm } from '../nn/layer-norm.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import { quickGelu } from '../nn/quick-gelu.js';
import { CLIPAttention } from './clip-attention.js';

/** transformers `CLIPEncoderLayer`: pre-LayerNorm attention and MLP (fc1, activation, fc2), each residual. */
export class CLIPEncoderLayer extends Module {
  readonly selfAttn: CLIPAttention;
  readonly layerNorm1: LayerNorm;
  readonly fc1: Linear;
  readonly fc2: Linear;
  readonly layerNorm2: LayerNorm;
  private readonly activation: <T extends tf.Tensor>(input: T) => T;

  constructor(config: CLIPTextConfig) {
    super();
    const { hidden_size: hidden, intermediate_size: intermediate, layer_norm_eps: eps } = config;
    this.selfAttn = this.child('self_attn', new CLIPAttention(hidden, config.num_attention_heads));
    this.layerNorm1 = this.child('layer_norm1', new LayerNorm(hidden, eps));
    this.fc1 = this.child('mlp.fc1', new Linear(hidden, intermediate));
    this.fc2 = this.child('mlp.fc2', new Linear(intermediate, hidden));
    this.layerNorm2 = this.child('layer_norm2', new LayerNorm(hidden, eps));
    this.activation = config.hidden_act === 'gelu' ? gelu : quickGelu;
  }

  forward(hiddenStates: tf.Tensor3D, causalMask: tf.Tensor): tf.Tensor3D {
    const attended = tf.add(
      hiddenStates,
      this.selfAttn.forward(this.layerNorm1.forward(hiddenStates), causalMask),
    );
    const mlp = this.fc2.forward(this.activation(this.fc1.forward(this.layerNorm2.forward(attended))));
    return tf.add(attended, mlp);
  }
}
