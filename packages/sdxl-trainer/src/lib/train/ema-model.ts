import * as tf from '@tensorflow/tfjs-core';
import type { AveragedWeights } from './types.js';

/**
 * diffusers' `EMAModel` with the training script's settings (decay 0.9999, no warmup, update_after_step
 * 0, min_decay 0): after optimizer step n the shadow weights move towards the model by
 * 1 - decay(n), decay(n) = min((1 + s) / (10 + s), 0.9999) with s = n - 1 (so the first step copies).
 * With `updateInterval` N (--ema_update_interval) they move only after every N-th step, by N steps' worth
 * of decay, 1 - decay(n)^N, so the average spans about as many steps as with N = 1. The shadow weights
 * are device tensors; HostEmaModel keeps them in host memory instead (--ema_offload).
 */
export class EmaModel implements AveragedWeights {
  /** Optimizer steps seen (`optimization_step`), saved with checkpoints. */
  optimizationStep = 0;
  readonly shadow: tf.Variable[];

  constructor(
    private readonly variables: readonly tf.Variable[],
    readonly maxDecay = 0.9999,
    readonly updateInterval = 1,
  ) {
    // tidy frees the clones; each shadow variable keeps the cloned buffer.
    this.shadow = variables.map((variable) => tf.tidy(() => tf.variable(variable.clone(), false)));
  }

  /** The decay applied at optimizer step `optimizationStep` (diffusers `get_decay`). */
  static decayAt(optimizationStep: number, maxDecay = 0.9999): number {
    const step = Math.max(0, optimizationStep - 1);
    if (step <= 0) return 0;
    return Math.min((1 + step) / (10 + step), maxDecay);
  }

  /**
   * How far the average moves towards the weights after optimizer step `optimizationStep`: 1 - decay^N
   * when the step is a multiple of the interval N, undefined when no update is due.
   */
  static updateWeightAt(optimizationStep: number, updateInterval = 1, maxDecay = 0.9999): number | undefined {
    if (optimizationStep % updateInterval !== 0) return undefined;
    return 1 - EmaModel.decayAt(optimizationStep, maxDecay) ** updateInterval;
  }

  /** One optimizer step done: shadow -= weight * (shadow - param) when an update is due. */
  step(): void {
    this.optimizationStep += 1;
    const weight = EmaModel.updateWeightAt(this.optimizationStep, this.updateInterval, this.maxDecay);
    if (weight === undefined) return;
    tf.tidy(() => {
      this.shadow.forEach((shadow, index) => {
        shadow.assign(tf.sub(shadow, tf.mul(tf.sub(shadow, this.variables[index]!), weight)));
      });
    });
  }

  /** Writes the averaged weights into the model (diffusers `copy_to`), before the final save. */
  copyTo(): void {
    this.shadow.forEach((shadow, index) => this.variables[index]!.assign(shadow));
  }

  /**
   * Runs `use` with the averaged weights in the model, then gives the model its trained weights back:
   * the variables get their own tensors back (no copy, no arithmetic), so training continues bit for bit.
   */
  async withAveragedWeights<T>(use: () => Promise<T>): Promise<T> {
    // clone() shares the buffer: the trained weights stay alive, untouched, while the averaged ones are in.
    const trained = this.variables.map((variable) => tf.clone(variable));
    this.copyTo();
    try {
      return await use();
    } finally {
      trained.forEach((tensor, index) => this.variables[index]!.assign(tensor));
      tf.dispose(trained);
    }
  }

  /** Restores averaged tensor `index` from a checkpoint (in the variable's memory layout). */
  setShadow(index: number, values: Float32Array): void {
    const shadow = this.shadow[index]!;
    const value = tf.tensor(values, shadow.shape, 'float32');
    shadow.assign(value);
    value.dispose();
  }

  dispose(): void {
    tf.dispose(this.shadow);
  }
}
