import * as tf from '@tensorflow/tfjs-core';
import { adamWUpdate } from '../ops/adamw-update.js';

export interface AdamWOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  weightDecay?: number;
}

/** All of an AdamW optimizer's state, copied: the step count and both moments per variable (in variable order). */
export interface AdamWState {
  step: number;
  firstMoments: tf.Tensor[];
  secondMoments: tf.Tensor[];
}

/** One variable's AdamW moments (`exp_avg`, `exp_avg_sq`), in the variable's shape. */
export interface AdamWMoments {
  firstMoment: tf.Tensor;
  secondMoment: tf.Tensor;
}

/** The names torch gives the moments in an optimizer's state_dict. */
const MOMENT_SLOTS: Record<keyof AdamWMoments, string> = {
  firstMoment: 'exp_avg',
  secondMoment: 'exp_avg_sq',
};

/**
 * `torch.optim.AdamW` (amsgrad off, not maximize) with the same operation order: decoupled weight decay
 * p *= 1 - lr*wd, moments m = b1 m + (1-b1) g and v = b2 v + (1-b2) g^2, then
 * p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps). Defaults are torch's. Each variable is one
 * `adamWUpdate` kernel (one pass over its values where the backend has a kernel of its own).
 */
export class AdamW {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  learningRate: number;
  private stepCount = 0;
  private readonly firstMoments: tf.Variable[];
  private readonly secondMoments: tf.Variable[];

  constructor(
    private readonly variables: tf.Variable[],
    { learningRate, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, weightDecay = 1e-2 }: AdamWOptions,
  ) {
    for (const [name, value] of Object.entries({ learningRate, epsilon, weightDecay })) {
      if (!(value >= 0)) throw new Error(`AdamW: ${name} must be a non-negative number, got ${value}.`);
    }
    for (const [name, value] of Object.entries({ beta1, beta2 })) {
      if (!(value >= 0 && value < 1)) throw new Error(`AdamW: ${name} must be in [0, 1), got ${value}.`);
    }
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    // tidy frees the zeros tensors; the variables keep their data (a variable shares the tensor's buffer).
    this.firstMoments = variables.map((variable) =>
      tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
    );
    this.secondMoments = variables.map((variable) =>
      tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
    );
  }

  /** Updates applied so far (`t` of the bias corrections). */
  get step(): number {
    return this.stepCount;
  }

  /** Sets the update count, when restoring a checkpoint with `setMoments`. */
  set step(value: number) {
    if (!(Number.isSafeInteger(value) && value >= 0)) {
      throw new Error(`AdamW: step must be a non-negative integer, got ${value}.`);
    }
    this.stepCount = value;
  }

  /**
   * Applies one update; `grads[i]` is the gradient of `variables[i]` (not disposed here). `gradientScale`
   * (a scalar, e.g. `clipCoefficient`'s) multiplies every gradient as it is read, so clipping needs no copy.
   */
  applyGradients(grads: readonly tf.Tensor[], { gradientScale }: { gradientScale?: tf.Scalar } = {}): void {
    if (grads.length !== this.variables.length) {
      throw new Error(`AdamW: got ${grads.length} gradients for ${this.variables.length} variables.`);
    }
    this.stepCount += 1;
    const biasCorrection1 = 1 - this.beta1 ** this.stepCount;
    const biasCorrection2Sqrt = Math.sqrt(1 - this.beta2 ** this.stepCount);
    const stepSize = this.learningRate / biasCorrection1;
    const decay = 1 - this.learningRate * this.weightDecay;
    this.variables.forEach((variable, index) => {
      const grad = grads[index]!;
      if (!tf.util.arraysEqual(grad.shape, variable.shape)) {
        throw new Error(
          `AdamW: gradient ${index} has shape [${grad.shape.join(', ')}], its variable [${variable.shape.join(', ')}].`,
        );
      }
    });
    const attrs = {
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      stepSize,
      decay,
      biasCorrection2Sqrt,
    };
    this.variables.forEach((variable, index) => {
      const [firstMoment, secondMoment] = [this.firstMoments[index]!, this.secondMoments[index]!];
      const updated = adamWUpdate(variable, grads[index]!, firstMoment, secondMoment, attrs, gradientScale);
      [variable, firstMoment, secondMoment].forEach((target, i) => target.assign(updated[i]!));
      tf.dispose(updated);
    });
  }

  /**
   * Each variable's moments in variable order, as the optimizer holds them: nothing is copied, so a
   * checkpoint written from these holds at most one tensor's data at a time besides the optimizer's own.
   * Read them before the next `applyGradients` (which replaces them, or on the cpu backend overwrites them in
   * place) and never dispose them.
   */
  *stateEntries(): Generator<AdamWMoments> {
    for (let index = 0; index < this.variables.length; index++) {
      yield { firstMoment: this.firstMoments[index]!, secondMoment: this.secondMoments[index]! };
    }
  }

  /**
   * Restores variable `index`'s moments, either or both (copied in; the caller keeps and disposes its
   * tensors), so a checkpoint can be restored one tensor at a time.
   */
  setMoments(index: number, moments: Partial<AdamWMoments>): void {
    const variable = this.variables[index];
    if (variable === undefined) {
      throw new Error(`AdamW: no variable ${index}; the optimizer has ${this.variables.length}.`);
    }
    const targets = { firstMoment: this.firstMoments[index]!, secondMoment: this.secondMoments[index]! };
    for (const [name, moment] of Object.entries(moments) as [keyof AdamWMoments, tf.Tensor][]) {
      if (!tf.util.arraysEqual(moment.shape, variable.shape)) {
        throw new Error(
          `AdamW: ${name} ${index} has shape [${moment.shape.join(', ')}], its variable [${variable.shape.join(', ')}].`,
        );
      }
      targets[name].assign(moment);
    }
  }

  /**
   * Every state tensor by name (`<variable index>.exp_avg`, `<variable index>.exp_avg_sq`), as held (the
   * names Adafactor's `stateTensors` uses, so a checkpoint saves either optimizer the same way).
   */
  *stateTensors(): Generator<[string, tf.Tensor]> {
    for (const [index, { firstMoment, secondMoment }] of [...this.stateEntries()].entries()) {
      yield [`${index}.${MOMENT_SLOTS.firstMoment}`, firstMoment];
      yield [`${index}.${MOMENT_SLOTS.secondMoment}`, secondMoment];
    }
  }

  /** Restores one state tensor saved by `stateTensors` (copied in; the caller keeps its tensor). */
  setStateTensor(name: string, value: tf.Tensor): void {
    const [index, slot] = name.split('.');
    const moment = (Object.keys(MOMENT_SLOTS) as (keyof AdamWMoments)[]).find(
      (key) => MOMENT_SLOTS[key] === slot,
    );
    if (moment === undefined || !/^\d+$/.test(index!) || Number(index) >= this.variables.length) {
      throw new Error(`AdamW: no state tensor "${name}" in this optimizer.`);
    }
    this.setMoments(Number(index), { [moment]: value });
  }

  /** A copy of the whole state (twice the variables' memory); checkpoints use `stateEntries` instead. */
  getState(): AdamWState {
    const entries = [...this.stateEntries()];
    return {
      step: this.stepCount,
      firstMoments: entries.map(({ firstMoment }) => firstMoment.clone()),
      secondMoments: entries.map(({ secondMoment }) => secondMoment.clone()),
    };
  }

  /** Restores a state from `getState`. */
  setState(state: AdamWState): void {
    if (
      state.firstMoments.length !== this.variables.length ||
      state.secondMoments.length !== this.variables.length
    ) {
      throw new Error(
        `AdamW: the state has moments for ${state.firstMoments.length} variables, the optimiser has ${this.variables.length}.`,
      );
    }
    this.step = state.step;
    state.firstMoments.forEach((firstMoment, index) =>
      this.setMoments(index, { firstMoment, secondMoment: state.secondMoments[index]! }),
    );
  }

  dispose(): void {
    for (const moment of [...this.firstMoments, ...this.secondMoments]) moment.dispose();
  }
}
