import * as tf from '@tensorflow/tfjs-core';
import { UsageError } from '@pixel/constraints';
import type { Parameter } from '../nn/parameter.js';
import { adafactorUpdate } from '../ops/adafactor-update.js';
import { adafactorOptionProblems } from './adafactor-option-problems.js';

export interface AdafactorOptions {
  /** The external learning rate; must be absent (undefined) with `relativeStep`, which computes its own. */
  learningRate?: number;
  /** [eps for the squared gradient, eps for the parameter scale]; transformers' default [1e-30, 1e-3]. */
  epsilon?: [number, number];
  /** The update is divided by max(1, rms(update) / clipThreshold). */
  clipThreshold?: number;
  /** beta2 at step t is 1 - t^decayRate. */
  decayRate?: number;
  /** Keeps a first moment (an exponential average of the updates) when set. */
  beta1?: number;
  weightDecay?: number;
  /** Scales the step by the parameter's RMS (at least epsilon[1]). */
  scaleParameter?: boolean;
  /** A step size of min(1e-2, 1/sqrt(t)) instead of `learningRate`. */
  relativeStep?: boolean;
  /** With `relativeStep`: 1e-6 * t instead of 1e-2 as the cap, a warm-up. */
  warmupInit?: boolean;
}

/** A variable to optimise: bare (taken to be in PyTorch layout), or a model Parameter, which knows its layout. */
export type AdafactorVariable = tf.Variable | Parameter;

/** One variable's state, in PyTorch layout, as transformers keeps it. */
interface Slots {
  expAvg?: tf.Variable;
  /** Factored second moment of a rank >= 2 tensor: means over its last, and over its second-to-last dim. */
  expAvgSqRow?: tf.Variable;
  expAvgSqCol?: tf.Variable;
  /** Unfactored second moment of a vector. */
  expAvgSq?: tf.Variable;
}

/** The names state tensors are saved under, per variable: `<variable index>.<slot>`. */
const SLOT_NAMES = ['exp_avg', 'exp_avg_sq_row', 'exp_avg_sq_col', 'exp_avg_sq'] as const;
type SlotName = (typeof SLOT_NAMES)[number];
const SLOT_KEYS: Record<SlotName, keyof Slots> = {
  exp_avg: 'expAvg',
  exp_avg_sq_row: 'expAvgSqRow',
  exp_avg_sq_col: 'expAvgSqCol',
  exp_avg_sq: 'expAvgSq',
};

/**
 * `transformers.optimization.Adafactor` (the optimizer kohya's sd-scripts use to fine-tune full SDXL in
 * 24 GB): a second moment factored into a row and a column statistic for every tensor of rank >= 2, so its
 * state is O(rows + columns) instead of AdamW's two full copies. The same update rule step by step, in
 * float32; tensors are factored over their last two PyTorch dimensions whatever their layout in memory (a
 * conv weight [out, in, kh, kw] over kh and kw). Nothing is read back from the device.
 */
export class Adafactor {
  learningRate: number | undefined;
  readonly epsilon: [number, number];
  readonly clipThreshold: number;
  readonly decayRate: number;
  readonly beta1: number | undefined;
  readonly weightDecay: number;
  readonly scaleParameter: boolean;
  readonly relativeStep: boolean;
  readonly warmupInit: boolean;
  private stepCount = 0;
  private readonly variables: { variable: tf.Variable; parameter?: Parameter }[];
  private readonly slots: Slots[];
  private readonly indexOf: Map<tf.Variable, number>;

  constructor(variables: readonly AdafactorVariable[], options: AdafactorOptions = {}) {
    this.learningRate = options.learningRate;
    this.epsilon = options.epsilon ?? [1e-30, 1e-3];
    this.clipThreshold = options.clipThreshold ?? 1;
    this.decayRate = options.decayRate ?? -0.8;
    this.beta1 = options.beta1;
    this.weightDecay = options.weightDecay ?? 0;
    this.scaleParameter = options.scaleParameter ?? true;
    this.relativeStep = options.relativeStep ?? true;
    this.warmupInit = options.warmupInit ?? false;
    checkOptions(this);
    this.variables = variables.map((entry) =>
      entry instanceof tf.Variable ? { variable: entry } : { variable: entry.variable, parameter: entry },
    );
    this.indexOf = new Map(this.variables.map(({ variable }, index) => [variable, index]));
    this.slots = this.variables.map(({ variable, parameter }) =>
      createSlots(parameter?.shape ?? variable.shape, this.beta1 !== undefined),
    );
  }

  /** Updates applied so far (`t`). */
  get step(): number {
    return this.stepCount;
  }

  /** Sets the update count, when restoring a checkpoint with `setStateTensor`. */
  set step(value: number) {
    if (!(Number.isSafeInteger(value) && value >= 0)) {
      throw new Error(`Adafactor: step must be a non-negative integer, got ${value}.`);
    }
    this.stepCount = value;
  }

  /**
   * The step size of update `t` (1-based) before the parameter scale: with `relativeStep` transformers'
   * min(1e-2, 1/sqrt(t)) (min(1e-6 t, 1/sqrt(t)) with `warmupInit`), else `learningRate`.
   */
  stepSizeAt(t: number): number {
    return this.relativeStep
      ? Math.min(this.warmupInit ? 1e-6 * t : 1e-2, 1 / Math.sqrt(t))
      : this.learningRate!;
  }

  /**
   * Applies one update; `grads[i]` is the gradient of `variables[i]` (not disposed here). `gradientScale`
   * (a scalar, e.g. `clipCoefficient`'s) multiplies every gradient as it is read, so clipping needs no copy.
   */
  applyGradients(grads: readonly tf.Tensor[], { gradientScale }: { gradientScale?: tf.Scalar } = {}): void {
    if (grads.length !== this.variables.length) {
      throw new Error(`Adafactor: got ${grads.length} gradients for ${this.variables.length} variables.`);
    }
    this.beginStep();
    this.updateVariables(
      this.variables.map(({ variable }) => variable),
      grads,
      gradientScale ? { gradientScales: grads.map(() => gradientScale) } : {},
    );
  }

  /**
   * Starts an optimizer step whose variables are then updated in parts with `updateVariables`, as a fused
   * backward pass does (each block's parameters as soon as their gradients exist).
   */
  beginStep(): void {
    this.stepCount += 1;
  }

  /**
   * Updates these variables (any subset, any order) with their gradients for the step `beginStep` began,
   * each gradient multiplied by its `gradientScales` entry (each tensor's own clipping factor) if given.
   */
  updateVariables(
    variables: readonly tf.Variable[],
    grads: readonly tf.Tensor[],
    { gradientScales }: { gradientScales?: readonly tf.Scalar[] } = {},
  ): void {
    if (this.stepCount === 0) throw new Error('Adafactor: call beginStep() before updateVariables().');
    variables.forEach((variable, i) => {
      const index = this.indexOf.get(variable);
      if (index === undefined)
        throw new Error(`Adafactor: variable ${variable.name} is not one it optimises.`);
      const grad = grads[i]!;
      if (!tf.util.arraysEqual(grad.shape, variable.shape)) {
        throw new Error(
          `Adafactor: the gradient of ${variable.name} has shape [${grad.shape.join(', ')}], the variable [${variable.shape.join(', ')}].`,
        );
      }
      this.updateOne(this.variables[index]!, this.slots[index]!, grad, gradientScales?.[i]);
    });
  }

  /** Every state tensor by name (`<variable index>.<slot>`), as held: saved one at a time, never copied. */
  *stateTensors(): Generator<[string, tf.Tensor]> {
    for (const [index, slots] of this.slots.entries()) {
      for (const name of SLOT_NAMES) {
        const tensor = slots[SLOT_KEYS[name]];
        if (tensor) yield [`${index}.${name}`, tensor];
      }
    }
  }

  /** Restores one state tensor saved by `stateTensors` (copied in; the caller keeps its tensor). */
  setStateTensor(name: string, value: tf.Tensor): void {
    const [index, slot] = name.split('.') as [string, SlotName];
    const target = this.slots[Number(index)]?.[SLOT_KEYS[slot]];
    if (!target) throw new Error(`Adafactor: no state tensor "${name}" in this optimizer.`);
    if (!tf.util.arraysEqual(target.shape, value.shape)) {
      throw new Error(
        `Adafactor: state "${name}" has shape [${value.shape.join(', ')}], expected [${target.shape.join(', ')}].`,
      );
    }
    target.assign(value);
  }

  dispose(): void {
    for (const slots of this.slots) tf.dispose(Object.values(slots) as tf.Tensor[]);
  }

  private updateOne(
    entry: { variable: tf.Variable; parameter?: Parameter },
    slots: Slots,
    grad: tf.Tensor,
    gradientScale: tf.Scalar | undefined,
  ): void {
    const t = this.stepCount;
    const updated = adafactorUpdate(
      entry.variable,
      grad,
      {
        firstMoment: slots.expAvg,
        row: slots.expAvgSqRow,
        column: slots.expAvgSqCol,
        square: slots.expAvgSq,
      },
      {
        layout: entry.parameter?.layout ?? 'as-is',
        beta2t: 1 - t ** this.decayRate,
        epsilon1: this.epsilon[0],
        epsilon2: this.epsilon[1],
        clipThreshold: this.clipThreshold,
        // transformers' `_get_lr` before the parameter scale: the relative step, or the fixed rate.
        stepSize: this.stepSizeAt(t),
        scaleParameter: this.scaleParameter,
        beta1: this.beta1 ?? -1,
        weightDecay: this.weightDecay,
      },
      gradientScale,
    );
    entry.variable.assign(updated.parameter);
    const targets = {
      firstMoment: slots.expAvg,
      row: slots.expAvgSqRow,
      column: slots.expAvgSqCol,
      square: slots.expAvgSq,
    };
    for (const [name, tensor] of Object.entries(updated.state))
      targets[name as keyof typeof targets]!.assign(tensor);
    tf.dispose([updated.parameter, ...Object.values(updated.state)]);
  }
}

function checkOptions(o: Adafactor): void {
  if (o.relativeStep && o.learningRate !== undefined) {
    throw new UsageError(
      'Adafactor: a learning rate was given with relative_step=True, which computes its own step size. ' +
        'Pass relative_step=False (kohya: --optimizer_args relative_step=False scale_parameter=False ' +
        'warmup_init=False) to use yours, or leave the learning rate out.',
    );
  }
  if (!o.relativeStep && !(o.learningRate !== undefined && o.learningRate >= 0)) {
    throw new UsageError('Adafactor: relative_step=False needs a non-negative learning rate.');
  }
  const problems = adafactorOptionProblems(o);
  if (problems.length > 0) throw new UsageError(`Adafactor: ${problems.join(' ')}`);
}

function createSlots(torchShape: readonly number[], firstMoment: boolean): Slots {
  const zeros = (shape: readonly number[]) => tf.tidy(() => tf.variable(tf.zeros([...shape]), false));
  const slots: Slots = firstMoment ? { expAvg: zeros(torchShape) } : {};
  if (torchShape.length >= 2) {
    slots.expAvgSqRow = zeros(torchShape.slice(0, -1));
    slots.expAvgSqCol = zeros([...torchShape.slice(0, -2), torchShape[torchShape.length - 1]!]);
  } else {
    slots.expAvgSq = zeros(torchShape);
  }
  return slots;
}
