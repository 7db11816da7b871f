import * as tf from '@tensorflow/tfjs-core';

/**
 * diffusers' `EMAModel` with the training script's settings (decay 0.9999, no warmup, update_after_step
 * 0, min_decay 0): after optimizer step n the shadow weights move towards the model by
 * 1 - decay(n), decay(n) = min((1 + s) / (10 + s), 0.9999) with s = n - 1 (so the first step copies).
 */
export class EmaModel {
  /** Optimizer steps seen (`optimization_step`), saved with checkpoints. */
  optimizationStep = 0;
  readonly shadow: tf.Variable[];

  constructor(
    private readonly variables: readonly tf.Variable[],
    readonly maxDecay = 0.9999,
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

  /** One update after an optimizer step: shadow -= (1 - decay) * (shadow - param). */
  step(): void {
    this.optimizationStep += 1;
    const oneMinusDecay = 1 - EmaModel.decayAt(this.optimizationStep, this.maxDecay);
    tf.tidy(() => {
      this.shadow.forEach((shadow, index) => {
        shadow.assign(tf.sub(shadow, tf.mul(tf.sub(shadow, this.variables[index]!), oneMinusDecay)));
      });
    });
  }

  /** Writes the averaged weights into the model (diffusers `copy_to`), before the final save. */
  copyTo(): void {
    this.shadow.forEach((shadow, index) => this.variables[index]!.assign(shadow));
  }

  dispose(): void {
    tf.dispose(this.shadow);
  }
}
