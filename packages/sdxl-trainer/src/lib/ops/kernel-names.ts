/**
 * The kernels pixel adds to TensorFlow.js, for computations that tfjs has no single kernel for (SiLU,
 * group/layer normalisation, the AdamW update, ...). Every backend gets them: a fast one of its own where
 * `kernels/<backend>/` has it, else the portable one made of tfjs ops (`kernels/portable/`). Their gradients
 * are registered beside each op (`ops/`), so model code calls one function whatever the backend.
 */
export const SILU = 'PixelSilu';
export const SILU_GRAD = 'PixelSiluGrad';
export const SOFTMAX_LAST_AXIS = 'PixelSoftmaxLastAxis';
export const SOFTMAX_LAST_AXIS_GRAD = 'PixelSoftmaxLastAxisGrad';
export const GROUP_NORM = 'PixelGroupNorm';
export const GROUP_NORM_GRAD = 'PixelGroupNormGrad';
export const ADAMW_UPDATE = 'PixelAdamWUpdate';
export const SUM_OF_SQUARES = 'PixelSumOfSquares';

/** How `GROUP_NORM` reads its input: `samples x positions` rows of `groups x groupSize` channels. */
export interface GroupNormAttrs {
  groups: number;
  /** Positions of one sample that share statistics (all pixels of an image; 1 for LayerNorm). */
  positions: number;
  eps: number;
}

/** The step's scalars of torch's AdamW (see optim/adamw.ts), the same for every variable. */
export interface AdamWUpdateAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  /** lr / (1 - beta1^t). */
  stepSize: number;
  /** 1 - lr * weight_decay. */
  decay: number;
  /** sqrt(1 - beta2^t). */
  biasCorrection2Sqrt: number;
}
