import type { WeightsDtype } from '../types/public.js';

/** Bytes per weight on disk for each upload dtype. */
export const DTYPE_BYTES: Readonly<Record<WeightsDtype, number>> = Object.freeze({
  float32: 4,
  float16: 2,
  bfloat16: 2,
});
