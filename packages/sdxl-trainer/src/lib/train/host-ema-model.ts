import * as tf from '@tensorflow/tfjs-core';
import { EmaModel } from './ema-model.js';
import type { AveragedWeights } from './types.js';

export interface HostEmaOptions {
  maxDecay?: number;
  /** --ema_update_interval: optimizer steps between updates (each reads every weight from the device). */
  updateInterval?: number;
}

/**
 * EmaModel's average kept in host memory (--ema_offload): one Float32Array per variable, never a tensor,
 * so the device holds nothing for it (full-size SDXL: 10.3 GB of RAM instead of device memory). Every
 * `updateInterval` steps the weights are read from the device asynchronously, one variable at a time, and
 * the average is updated in JavaScript with float32 rounding after each operation, bit for bit what
 * EmaModel's tensor ops compute. Evaluating or saving the average uploads it one tensor at a time.
 */
export class HostEmaModel implements AveragedWeights {
  /** Optimizer steps seen, as EmaModel's. */
  optimizationStep = 0;

  private constructor(
    private readonly variables: readonly tf.Variable[],
    readonly shadow: Float32Array[],
    readonly maxDecay: number,
    readonly updateInterval: number,
  ) {}

  /** An average that starts at the variables' current values (read asynchronously, one at a time). */
  static async fromVariables(
    variables: readonly tf.Variable[],
    { maxDecay = 0.9999, updateInterval = 1 }: HostEmaOptions = {},
  ): Promise<HostEmaModel> {
    const shadow: Float32Array[] = [];
    for (const variable of variables) shadow.push(await readCopy(variable));
    return new HostEmaModel(variables, shadow, maxDecay, updateInterval);
  }

  /** One optimizer step done: when an update is due, shadow -= weight * (shadow - param), element by element. */
  async step(): Promise<void> {
    this.optimizationStep += 1;
    const weight = EmaModel.updateWeightAt(this.optimizationStep, this.updateInterval, this.maxDecay);
    if (weight === undefined) return;
    // As a float32 tensor holds the scalar; each product and difference rounded to float32 as a kernel stores it.
    const factor = Math.fround(weight);
    for (const [index, variable] of this.variables.entries()) {
      // Only read here: on the cpu backend the tensor's own array, or a copy where pixel's kernels keep it.
      const values = (await variable.data()) as Float32Array;
      const shadow = this.shadow[index]!;
      for (let i = 0; i < shadow.length; i++) {
        shadow[i] = shadow[i]! - Math.fround(Math.fround(shadow[i]! - values[i]!) * factor);
      }
    }
  }

  /** Writes the averaged weights into the model, one tensor at a time (each replaced weight is freed). */
  copyTo(): void {
    // A copy: a tensor made from an array may share it (the cpu backend keeps it), and the average moves on.
    this.variables.forEach((variable, index) => assignValues(variable, this.shadow[index]!.slice()));
  }

  /**
   * Runs `use` with the averaged weights in the model. The trained weights wait in host memory meanwhile (so
   * the device never holds both) and are written back exactly (float32 values copied, not recomputed).
   */
  async withAveragedWeights<T>(use: () => Promise<T>): Promise<T> {
    const trained: Float32Array[] = [];
    for (const variable of this.variables) trained.push(await readCopy(variable));
    this.copyTo();
    try {
      return await use();
    } finally {
      this.variables.forEach((variable, index) => assignValues(variable, trained[index]!));
    }
  }

  /** Restores averaged tensor `index` from a checkpoint (copied in). */
  setShadow(index: number, values: Float32Array): void {
    const shadow = this.shadow[index]!;
    if (values.length !== shadow.length) {
      throw new Error(
        `EMA tensor ${index} has ${shadow.length} values; the checkpoint gives ${values.length}.`,
      );
    }
    shadow.set(values);
  }

  dispose(): void {
    this.shadow.splice(0);
  }
}

/** A variable's values in an array of its own (the cpu backend may hand out the one it computes with). */
async function readCopy(variable: tf.Variable): Promise<Float32Array> {
  return ((await variable.data()) as Float32Array).slice();
}

function assignValues(variable: tf.Variable, values: Float32Array): void {
  const tensor = tf.tensor(values, variable.shape, 'float32');
  variable.assign(tensor);
  tensor.dispose();
}
