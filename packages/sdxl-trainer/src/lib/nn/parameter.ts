import * as tf from '@tensorflow/tfjs-core';

/**
 * How a parameter is stored in memory relative to its diffusers (PyTorch) layout.
 * - `as-is`: same shape and element order as the state_dict tensor.
 * - `conv-hwio`: a PyTorch conv weight [out, in, kh, kw] kept as [kh, kw, in, out], the filter layout
 *   tfjs conv2d takes for NHWC inputs, so no transpose runs per forward pass.
 */
export type ParameterLayout = 'as-is' | 'conv-hwio';

/** How a freshly created (not loaded) parameter is filled, following PyTorch's module defaults. */
export type ParameterInit = { kind: 'ones' } | { kind: 'zeros' } | { kind: 'uniform-fan-in'; fanIn: number };

/**
 * One learnable tensor. It is described (diffusers shape, layout, init) at construction and holds no
 * memory until it is loaded or initialised, so a full-size model can be described for free.
 */
export class Parameter {
  private variableValue: tf.Variable | undefined;

  constructor(
    /** Shape in the diffusers state_dict (PyTorch layout). */
    readonly shape: readonly number[],
    readonly layout: ParameterLayout,
    readonly init: ParameterInit,
  ) {}

  get size(): number {
    return this.shape.reduce((product, dimension) => product * dimension, 1);
  }

  get isAllocated(): boolean {
    return this.variableValue !== undefined;
  }

  /** The trainable variable in the in-memory layout; throws if the parameter was never loaded. */
  get variable(): tf.Variable {
    if (this.variableValue === undefined) {
      throw new Error('Parameter has no value yet: load weights or initialise the module before using it.');
    }
    return this.variableValue;
  }

  /**
   * Takes a tensor in diffusers layout, converts it to the in-memory layout and makes it this parameter's
   * value. The input tensor is not disposed (the caller owns it).
   */
  setFromDiffusers(tensor: tf.Tensor): void {
    if (!sameShape(tensor.shape, this.shape)) {
      throw new Error(
        `Shape mismatch: expected [${this.shape.join(', ')}], got [${tensor.shape.join(', ')}].`,
      );
    }
    const stored = tf.tidy(() => this.fromDiffusersLayout(tf.cast(tensor, 'float32')));
    if (this.variableValue === undefined) {
      this.variableValue = tf.variable(stored, true);
      stored.dispose();
    } else {
      this.variableValue.assign(stored);
      stored.dispose();
    }
  }

  /** Fills the parameter as PyTorch's default initialisation would (same distributions, not same numbers). */
  initialise(seed: number): void {
    const value = tf.tidy(() => {
      switch (this.init.kind) {
        case 'ones':
          return tf.ones(this.shape as number[]);
        case 'zeros':
          return tf.zeros(this.shape as number[]);
        case 'uniform-fan-in': {
          const bound = 1 / Math.sqrt(this.init.fanIn);
          return tf.randomUniform(this.shape as number[], -bound, bound, 'float32', seed);
        }
      }
    });
    this.setFromDiffusers(value);
    value.dispose();
  }

  /** Converts a tensor in the in-memory layout (the value or its gradient) to the diffusers layout. */
  toDiffusersLayout(tensor: tf.Tensor): tf.Tensor {
    return this.layout === 'conv-hwio' ? tf.transpose(tensor, [3, 2, 0, 1]) : tensor.clone();
  }

  /** Converts a tensor in the diffusers layout to the in-memory layout (the inverse of toDiffusersLayout). */
  fromDiffusersLayout(tensor: tf.Tensor): tf.Tensor {
    return this.layout === 'conv-hwio' ? tf.transpose(tensor, [2, 3, 1, 0]) : tensor.clone();
  }

  dispose(): void {
    this.variableValue?.dispose();
    this.variableValue = undefined;
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dimension, index) => dimension === b[index]);
}
