import type { AdamWUpdateAttrs } from '../ops/kernel-names.js';

/**
 * The scalars of torch's AdamW step as its float32 kernels use them: each worked out in float64 (Python's
 * arithmetic: 1 - beta1, -lr / (1 - beta1^t), ...) and then rounded to float32, as a Python number is when
 * it meets a float32 tensor.
 */
export interface AdamWFloat32Scalars {
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  biasCorrection2Sqrt: number;
  epsilon: number;
  /** 1 - lr * weight_decay. */
  decay: number;
  /** -lr / (1 - beta1^t), addcdiv_'s value. */
  negativeStepSize: number;
}

export function adamWFloat32Scalars(attrs: AdamWUpdateAttrs): AdamWFloat32Scalars {
  const float32 = Math.fround;
  return {
    beta1: float32(attrs.beta1),
    oneMinusBeta1: float32(1 - attrs.beta1),
    beta2: float32(attrs.beta2),
    oneMinusBeta2: float32(1 - attrs.beta2),
    biasCorrection2Sqrt: float32(attrs.biasCorrection2Sqrt),
    epsilon: float32(attrs.epsilon),
    decay: float32(attrs.decay),
    negativeStepSize: float32(-attrs.stepSize),
  };
}
