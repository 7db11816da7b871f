/**
 * The kernels pixel adds to TensorFlow.js, for computations that tfjs has no single kernel for (SiLU, GEGLU,
 * group/layer normalisation, the AdamW update, ...). Every backend gets them: a fast one of its own where
 * `kernels/<backend>/` has it, else the portable one made of tfjs ops (`kernels/portable/`). Their gradients
 * are registered beside each op (`ops/`), so model code calls one function whatever the backend.
 */
export const SILU = 'PixelSilu';
export const SILU_GRAD = 'PixelSiluGrad';
export const GEGLU = 'PixelGeglu';
export const GEGLU_GRAD = 'PixelGegluGrad';
export const SOFTMAX_LAST_AXIS = 'PixelSoftmaxLastAxis';
export const SOFTMAX_LAST_AXIS_GRAD = 'PixelSoftmaxLastAxisGrad';
export const GROUP_NORM = 'PixelGroupNorm';
export const GROUP_NORM_GRAD = 'PixelGroupNormGrad';
export const ADAMW_UPDATE = 'PixelAdamWUpdate';
export const SUM_OF_SQUARES = 'PixelSumOfSquares';
export const ADAFACTOR_UPDATE = 'PixelAdafactorUpdate';

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

/** One Adafactor step's settings for one variable (see optim/adafactor.ts). */
export interface AdafactorUpdateAttrs {
  /** How the variable is stored: `conv-hwio` is a PyTorch [out, in, kh, kw] weight kept as [kh, kw, in, out]. */
  layout: 'as-is' | 'conv-hwio';
  /** beta2 at this step, 1 - t^decay_rate. */
  beta2t: number;
  /** Added to the squared gradient. */
  epsilon1: number;
  /** The least parameter scale. */
  epsilon2: number;
  clipThreshold: number;
  /** The relative or fixed step size, before the parameter scale. */
  stepSize: number;
  scaleParameter: boolean;
  /** The first moment's beta1, or -1 for none. */
  beta1: number;
  weightDecay: number;
}
