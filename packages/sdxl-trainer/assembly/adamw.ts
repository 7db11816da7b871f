// One AdamW step over values [first, last) of a parameter, as kernels/cpu/adamw-update.ts does it in
// JavaScript: float64 arithmetic rounded to float32 where PyTorch's float32 tensors round, so both give the
// same bits. Two values at a time (f64x2). The gradient is first multiplied by a scale (clipping's factor,
// itself a float32 value) and rounded to float32, as torch's in-place multiplication would leave it.

function round(x: v128): v128 {
  return f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(x));
}

function widen(at: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(at));
}

function put(at: usize, x: v128): void {
  v128.store64_lane(at, f32x4.demote_f64x2_zero(x), 0);
}

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
  const beta1 = load<f64>(settings);
  const beta2 = load<f64>(settings, 8);
  const epsilon = f64x2.splat(load<f64>(settings, 16));
  const stepSize = f64x2.splat(load<f64>(settings, 24));
  const decay = f64x2.splat(load<f64>(settings, 32));
  const correction = f64x2.splat(load<f64>(settings, 40));
  const gradientScale = f64x2.splat(load<f64>(settings, 48));
  const b1 = f64x2.splat(beta1);
  const b2 = f64x2.splat(beta2);
  const c1 = f64x2.splat(1 - beta1);
  const c2 = f64x2.splat(1 - beta2);
  for (let i = first; i < last; i += 2) {
    const at = <usize>i * 4;
    const gradient = round(f64x2.mul(widen(g + at), gradientScale));
    const moment = round(f64x2.add(round(f64x2.mul(widen(m + at), b1)), round(f64x2.mul(gradient, c1))));
    const squared = round(f64x2.mul(gradient, gradient));
    const second = round(f64x2.add(round(f64x2.mul(widen(v + at), b2)), round(f64x2.mul(squared, c2))));
    const denominator = round(f64x2.add(round(f64x2.div(f64x2.sqrt(second), correction)), epsilon));
    const step = f64x2.mul(round(f64x2.div(moment, denominator)), stepSize);
    put(nextP + at, f64x2.sub(round(f64x2.mul(widen(p + at), decay)), step));
    put(nextM + at, moment);
    put(nextV + at, second);
  }
}
