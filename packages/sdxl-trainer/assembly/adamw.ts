// One AdamW step over values [first, last) of a parameter, as torch 1.13's float32 AdamW computes it on a CPU
// (kernels/cpu/adamw-update.ts): float32 arithmetic with float32 scalars, four values at a time, except the
// two additions torch fuses with a product (`add_` with alpha and `addcmul_` run as one fused multiply-add on
// CPUs with FMA), which are fused here too, exactly: by the machine's instruction where the module's relaxed
// multiply-add rounds once (multiplyAddLane tells), else emulated (fusedPair). The gradient is first
// multiplied by a scale (clipping's factor, a float32 value), as torch's in-place `grad.mul_(clip_coef)`
// leaves it.

/** The 29 float64 significand bits a float32 drops, and their pattern at a float32 halfway point. */
const DROPPED_BITS: i64 = 0x1fffffff;
const HALFWAY: i64 = 0x10000000;
/** The smallest normal float32; below it float32 drops more bits and the halfway test above does not hold. */
const SMALLEST_NORMAL_FLOAT32: f64 = 1.1754943508222875e-38;

/**
 * a * b + c rounded once to float32, for float32 values a, b and c (as float64 lanes). The product is exact
 * in float64 (two 24-bit significands), so rounding the float64 sum to float32 gives the fused result unless
 * that sum was itself rounded onto a float32 halfway point (or lies where float32 is subnormal): then the
 * exact error of the sum decides, rounding to odd (fusedLane).
 */
function fusedPair(a: v128, b: v128, c: v128): v128 {
  const product = f64x2.mul(a, b);
  const sum = f64x2.add(product, c);
  const halfway = i64x2.eq(v128.and(sum, i64x2.splat(DROPPED_BITS)), i64x2.splat(HALFWAY));
  const tiny = v128.and(
    f64x2.lt(f64x2.abs(sum), f64x2.splat(SMALLEST_NORMAL_FLOAT32)),
    f64x2.ne(sum, f64x2.splat(0)),
  );
  if (!v128.any_true(v128.or(halfway, tiny))) return sum;
  return f64x2.replace_lane(
    f64x2.splat(fusedLane(f64x2.extract_lane(product, 0), f64x2.extract_lane(c, 0))),
    1,
    fusedLane(f64x2.extract_lane(product, 1), f64x2.extract_lane(c, 1)),
  );
}

/**
 * product + c rounded to float64 by rounding to odd (truncated toward zero, last bit set when inexact), from
 * which rounding to float32 is the correctly rounded result (float64 keeps more than 24 + 2 bits).
 */
function fusedLane(product: f64, c: f64): f64 {
  const sum = product + c;
  // The exact error of the addition (Knuth's TwoSum).
  const productPart = sum - c;
  const error = product - productPart + (c - (sum - productPart));
  if (error == 0 || !isFinite(error)) return <f64>(<f32>sum);
  let bits = reinterpret<i64>(sum);
  // The exact value lies toward zero from the sum: truncation is the float64 next to it, toward zero.
  if (error > 0 != sum > 0) bits -= 1;
  return <f64>(<f32>reinterpret<f64>(bits | 1));
}

/**
 * a * b + c for four float32 lanes, rounded once: the machine's instruction where `roundedOnce` says the
 * relaxed multiply-add is fused here (half the step's arithmetic), else computed exactly (see fusedPair).
 */
function fusedMultiplyAdd(a: v128, b: v128, c: v128, roundedOnce: bool): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    if (roundedOnce) return f32x4.relaxed_madd(a, b, c);
  }
  return emulatedFusedMultiplyAdd(a, b, c);
}

/** a * b + c for four float32 lanes, rounded once, from float64 arithmetic (see fusedPair). */
function emulatedFusedMultiplyAdd(a: v128, b: v128, c: v128): v128 {
  const low = fusedPair(f64x2.promote_low_f32x4(a), f64x2.promote_low_f32x4(b), f64x2.promote_low_f32x4(c));
  const high = fusedPair(
    f64x2.promote_low_f32x4(v128.shuffle<f32>(a, a, 2, 3, 0, 1)),
    f64x2.promote_low_f32x4(v128.shuffle<f32>(b, b, 2, 3, 0, 1)),
    f64x2.promote_low_f32x4(v128.shuffle<f32>(c, c, 2, 3, 0, 1)),
  );
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(low), f32x4.demote_f64x2_zero(high), 0, 1, 4, 5);
}

/**
 * Settings (float64 slots, each a float32 value): beta1, 1 - beta1, beta2, 1 - beta2, sqrt(1 - beta2^t),
 * epsilon, 1 - lr * weight_decay, -lr / (1 - beta1^t), the gradient's scale, then 1 where the relaxed
 * multiply-add rounds once on this machine (0 to emulate it). Buffers are padded to a multiple of 4 values.
 */
export function adamW(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  nextP: usize,
  nextM: usize,
  nextV: usize,
  first: i32,
  last: i32,
  settings: usize,
): void {
  const beta1 = f32x4.splat(<f32>load<f64>(settings));
  const oneMinusBeta1 = f32x4.splat(<f32>load<f64>(settings, 8));
  const beta2 = f32x4.splat(<f32>load<f64>(settings, 16));
  const oneMinusBeta2 = f32x4.splat(<f32>load<f64>(settings, 24));
  const biasCorrection2Sqrt = f32x4.splat(<f32>load<f64>(settings, 32));
  const epsilon = f32x4.splat(<f32>load<f64>(settings, 40));
  const decay = f32x4.splat(<f32>load<f64>(settings, 48));
  const negativeStepSize = f32x4.splat(<f32>load<f64>(settings, 56));
  const gradientScale = f32x4.splat(<f32>load<f64>(settings, 64));
  const roundedOnce = load<f64>(settings, 72) != 0;
  for (let i = first; i < last; i += 4) {
    const at = <usize>i * 4;
    const gradient = f32x4.mul(v128.load(g + at), gradientScale);
    // exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
    const moment = fusedMultiplyAdd(
      gradient,
      oneMinusBeta1,
      f32x4.mul(v128.load(m + at), beta1),
      roundedOnce,
    );
    // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    const second = fusedMultiplyAdd(
      f32x4.mul(oneMinusBeta2, gradient),
      gradient,
      f32x4.mul(v128.load(v + at), beta2),
      roundedOnce,
    );
    // (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps), then param.addcdiv_(exp_avg, denom, value=-step_size)
    const denominator = f32x4.add(f32x4.div(f32x4.sqrt(second), biasCorrection2Sqrt), epsilon);
    const step = f32x4.div(f32x4.mul(negativeStepSize, moment), denominator);
    v128.store(nextP + at, f32x4.add(f32x4.mul(v128.load(p + at), decay), step));
    v128.store(nextM + at, moment);
    v128.store(nextV + at, second);
  }
}

/**
 * Lane 0 of the module's relaxed multiply-add a * b + c (a product and a sum in a module built without relaxed
 * SIMD). The engine calls it once with values whose fused and unfused results differ, to learn which this
 * machine gives; the values come from the caller so nothing is decided at compile time.
 */
export function multiplyAddLane(a: f32, b: f32, c: f32): f32 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.extract_lane(f32x4.relaxed_madd(f32x4.splat(a), f32x4.splat(b), f32x4.splat(c)), 0);
  }
  return a * b + c;
}
