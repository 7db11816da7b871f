// Softmax, SiLU and GEGLU with their gradients, four values at a time. exp is Cephes' expf (a degree-6 polynomial
// on [-ln 2 / 2, ln 2 / 2] times a power of two, about 2 ulp); sums are kept in four lanes and added in a
// fixed order, so a row's result never depends on the thread that computes it.

const LOG2E: f32 = 1.44269504088896341;
const LN2_HIGH: f32 = 0.693359375;
const LN2_LOW: f32 = -2.1219444e-4;
const EXP_LIMIT: f32 = 88.3762626647949;

/** e^x, lane by lane (inputs beyond +-88.38 clamped: e^-88.38 is ~4e-39, e^88.38 ~2e38). */
function exp4(x: v128): v128 {
  const v = f32x4.max(f32x4.min(x, f32x4.splat(EXP_LIMIT)), f32x4.splat(-EXP_LIMIT + 1));
  const n = f32x4.floor(f32x4.add(f32x4.mul(v, f32x4.splat(LOG2E)), f32x4.splat(0.5)));
  const r = f32x4.sub(f32x4.sub(v, f32x4.mul(n, f32x4.splat(LN2_HIGH))), f32x4.mul(n, f32x4.splat(LN2_LOW)));
  let p = f32x4.splat(1.98756915e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), f32x4.splat(1));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

function exp1(x: f32): f32 {
  return f32x4.extract_lane(exp4(f32x4.splat(x)), 0);
}

function sumLanes(v: v128): f32 {
  return (
    f32x4.extract_lane(v, 0) +
    f32x4.extract_lane(v, 1) +
    (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3))
  );
}

function maxLanes(v: v128): f32 {
  return max(
    max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)),
    max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)),
  );
}

/** Softmax of rows [first, last), each `width` values, max-subtracted. */
export function softmaxRows(x: usize, y: usize, width: i32, first: i32, last: i32): void {
  const body = width & ~3;
  for (let row = first; row < last; row++) {
    const from = x + <usize>row * width * 4;
    const to = y + <usize>row * width * 4;
    let highest = f32x4.splat(-Infinity);
    for (let i = 0; i < body; i += 4) highest = f32x4.max(highest, v128.load(from + <usize>i * 4));
    let top = maxLanes(highest);
    for (let i = body; i < width; i++) top = max(top, load<f32>(from + <usize>i * 4));
    const shift = f32x4.splat(top);
    let sums = f32x4.splat(0);
    for (let i = 0; i < body; i += 4) {
      const e = exp4(f32x4.sub(v128.load(from + <usize>i * 4), shift));
      v128.store(to + <usize>i * 4, e);
      sums = f32x4.add(sums, e);
    }
    let sum = sumLanes(sums);
    for (let i = body; i < width; i++) {
      const e = exp1(load<f32>(from + <usize>i * 4) - top);
      store<f32>(to + <usize>i * 4, e);
      sum += e;
    }
    const inverse = f32x4.splat(1 / sum);
    for (let i = 0; i < body; i += 4)
      v128.store(to + <usize>i * 4, f32x4.mul(v128.load(to + <usize>i * 4), inverse));
    for (let i = body; i < width; i++)
      store<f32>(to + <usize>i * 4, load<f32>(to + <usize>i * 4) * (1 / sum));
  }
}

/** Softmax backward of rows [first, last): dx = y * (dy - sum(dy * y)). */
export function softmaxGradRows(dy: usize, y: usize, dx: usize, width: i32, first: i32, last: i32): void {
  const body = width & ~3;
  for (let row = first; row < last; row++) {
    const offset = <usize>row * width * 4;
    let sums = f32x4.splat(0);
    for (let i = 0; i < body; i += 4) {
      const at = offset + <usize>i * 4;
      sums = f32x4.add(sums, f32x4.mul(v128.load(dy + at), v128.load(y + at)));
    }
    let dot = sumLanes(sums);
    for (let i = body; i < width; i++) {
      const at = offset + <usize>i * 4;
      dot += load<f32>(dy + at) * load<f32>(y + at);
    }
    const shift = f32x4.splat(dot);
    for (let i = 0; i < body; i += 4) {
      const at = offset + <usize>i * 4;
      v128.store(dx + at, f32x4.mul(v128.load(y + at), f32x4.sub(v128.load(dy + at), shift)));
    }
    for (let i = body; i < width; i++) {
      const at = offset + <usize>i * 4;
      store<f32>(dx + at, load<f32>(y + at) * (load<f32>(dy + at) - dot));
    }
  }
}

/** SiLU, x / (1 + e^-x), of values [first, last) (buffers padded to a multiple of 4 values). */
export function silu(x: usize, y: usize, first: i32, last: i32): void {
  const one = f32x4.splat(1);
  for (let i = first; i < last; i += 4) {
    const v = v128.load(x + <usize>i * 4);
    v128.store(y + <usize>i * 4, f32x4.div(v, f32x4.add(one, exp4(f32x4.neg(v)))));
  }
}

/** SiLU backward, dy * s * (1 + x * (1 - s)) with s = sigmoid(x), of values [first, last). */
export function siluGrad(dy: usize, x: usize, dx: usize, first: i32, last: i32): void {
  const one = f32x4.splat(1);
  for (let i = first; i < last; i += 4) {
    const at = <usize>i * 4;
    const v = v128.load(x + at);
    const s = f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(v))));
    const local = f32x4.mul(s, f32x4.add(one, f32x4.mul(v, f32x4.sub(one, s))));
    v128.store(dx + at, f32x4.mul(v128.load(dy + at), local));
  }
}

/**
 * Sums of squares in float64 of the `chunk`-value pieces [first, last) of x's `length` values, one per
 * piece at `partials` (the caller adds them in order: the same total on any number of threads).
 */
export function sumOfSquares(
  x: usize,
  partials: usize,
  length: i32,
  chunk: i32,
  first: i32,
  last: i32,
): void {
  for (let piece = first; piece < last; piece++) {
    const end = min(length, (piece + 1) * chunk);
    let sums = f64x2.splat(0);
    let i = piece * chunk;
    for (; i + 2 <= end; i += 2) {
      const v = f64x2.promote_low_f32x4(v128.load64_zero(x + <usize>i * 4));
      sums = f64x2.add(sums, f64x2.mul(v, v));
    }
    let sum = f64x2.extract_lane(sums, 0) + f64x2.extract_lane(sums, 1);
    if (i < end) {
      const v = <f64>load<f32>(x + <usize>i * 4);
      sum += v * v;
    }
    store<f64>(partials + <usize>piece * 8, sum);
  }
}

/**
 * Sums over the middle axis of x read as [outer, reduced, inner], in float64, row after row, rounded to
 * float32 at the end. Unit u covers 16 columns of one outer index (a cache line per row); every column is
 * summed in the same order on any thread count.
 */
export function sumColumns(x: usize, out: usize, reduced: i32, inner: i32, first: i32, last: i32): void {
  const blocks = (inner + 15) / 16;
  const rowBytes = <usize>inner * 4;
  for (let unit = first; unit < last; unit++) {
    const outer = unit / blocks;
    const column = (unit % blocks) * 16;
    const from = x + (<usize>outer * reduced * inner + column) * 4;
    const to = out + (<usize>outer * inner + column) * 4;
    if (column + 16 > inner) {
      for (let c = 0; c < inner - column; c++) {
        let sum: f64 = 0;
        for (let r = 0; r < reduced; r++) sum += <f64>load<f32>(from + <usize>r * rowBytes + <usize>c * 4);
        store<f32>(to + <usize>c * 4, <f32>sum);
      }
      continue;
    }
    let s0 = f64x2.splat(0);
    let s1 = f64x2.splat(0);
    let s2 = f64x2.splat(0);
    let s3 = f64x2.splat(0);
    let s4 = f64x2.splat(0);
    let s5 = f64x2.splat(0);
    let s6 = f64x2.splat(0);
    let s7 = f64x2.splat(0);
    let at = from;
    for (let r = 0; r < reduced; r++, at += rowBytes) {
      const a = v128.load(at);
      const b = v128.load(at, 16);
      const c = v128.load(at, 32);
      const d = v128.load(at, 48);
      s0 = f64x2.add(s0, f64x2.promote_low_f32x4(a));
      s1 = f64x2.add(s1, f64x2.promote_low_f32x4(v128.shuffle<f32>(a, a, 2, 3, 0, 1)));
      s2 = f64x2.add(s2, f64x2.promote_low_f32x4(b));
      s3 = f64x2.add(s3, f64x2.promote_low_f32x4(v128.shuffle<f32>(b, b, 2, 3, 0, 1)));
      s4 = f64x2.add(s4, f64x2.promote_low_f32x4(c));
      s5 = f64x2.add(s5, f64x2.promote_low_f32x4(v128.shuffle<f32>(c, c, 2, 3, 0, 1)));
      s6 = f64x2.add(s6, f64x2.promote_low_f32x4(d));
      s7 = f64x2.add(s7, f64x2.promote_low_f32x4(v128.shuffle<f32>(d, d, 2, 3, 0, 1)));
    }
    v128.store64_lane(to, f32x4.demote_f64x2_zero(s0), 0);
    v128.store64_lane(to, f32x4.demote_f64x2_zero(s1), 0, 8);
    v128.store64_lane(to, f32x4.demote_f64x2_zero(s2), 0, 16);
    v128.store64_lane(to, f32x4.demote_f64x2_zero(s3), 0, 24);
    v128.store64_lane(to, f32x4.demote_f64x2_zero(s4), 0, 32);
    v128.store64_lane(to, f32x4.demote_f64x2_zero(s5), 0, 40);
    v128.store64_lane(to, f32x4.demote_f64x2_zero(s6), 0, 48);
    v128.store64_lane(to, f32x4.demote_f64x2_zero(s7), 0, 56);
  }
}

/** Add, Sub and Multiply, lane by lane. */
const ADD: i32 = 0;
const SUB: i32 = 1;

/**
 * x op y over values [first, last): x and y advance by `xStep` and `yStep` bytes per four values (16, or 0
 * for a scalar stored four times), buffers padded to a multiple of 4 values.
 */
export function binary(
  op: i32,
  x: usize,
  xStep: usize,
  y: usize,
  yStep: usize,
  out: usize,
  first: i32,
  last: i32,
): void {
  let a = x + (<usize>first / 4) * xStep;
  let b = y + (<usize>first / 4) * yStep;
  let o = out + <usize>first * 4;
  const end = out + <usize>last * 4;
  if (op == ADD) {
    for (; o < end; o += 16, a += xStep, b += yStep) v128.store(o, f32x4.add(v128.load(a), v128.load(b)));
  } else if (op == SUB) {
    for (; o < end; o += 16, a += xStep, b += yStep) v128.store(o, f32x4.sub(v128.load(a), v128.load(b)));
  } else {
    for (; o < end; o += 16, a += xStep, b += yStep) v128.store(o, f32x4.mul(v128.load(a), v128.load(b)));
  }
}

const EXP: i32 = 0;
const NEG: i32 = 1;
/** tfjs's erf constants (backend_util.ERF_*: Abramowitz and Stegun 7.1.26). */
const ERF_P: f32 = 0.3275911;
const ERF_A1: f32 = 0.254829592;
const ERF_A2: f32 = -0.284496736;
const ERF_A3: f32 = 1.421413741;
const ERF_A4: f32 = -1.453152027;
const ERF_A5: f32 = 1.061405429;

/** erf, lane by lane, by tfjs's formula (Abramowitz and Stegun 7.1.26, about 1.5e-7 from the true value). */
function erf4(v: v128): v128 {
  const magnitude = f32x4.abs(v);
  const t = f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), f32x4.mul(f32x4.splat(ERF_P), magnitude)));
  let poly = f32x4.add(f32x4.mul(f32x4.splat(ERF_A5), t), f32x4.splat(ERF_A4));
  poly = f32x4.add(f32x4.mul(poly, t), f32x4.splat(ERF_A3));
  poly = f32x4.add(f32x4.mul(poly, t), f32x4.splat(ERF_A2));
  poly = f32x4.add(f32x4.mul(poly, t), f32x4.splat(ERF_A1));
  const tail = f32x4.mul(f32x4.mul(poly, t), exp4(f32x4.neg(f32x4.mul(magnitude, magnitude))));
  const positive = f32x4.sub(f32x4.splat(1), tail);
  // sign(x) * positive, with sign(0) = 0 as Math.sign
  const sign = v128.or(v128.and(v, f32x4.splat(-0.0)), f32x4.splat(1));
  return v128.bitselect(f32x4.mul(sign, positive), f32x4.splat(0), f32x4.ne(v, f32x4.splat(0)));
}

/** exp, neg or erf (tfjs's formula) of values [first, last), buffers padded to a multiple of 4 values. */
export function unary(op: i32, x: usize, out: usize, first: i32, last: i32): void {
  const end = <usize>last * 4;
  for (let at = <usize>first * 4; at < end; at += 16) {
    const v = v128.load(x + at);
    let r: v128;
    if (op == EXP) r = exp4(v);
    else if (op == NEG) r = f32x4.neg(v);
    else r = erf4(v);
    v128.store(out + at, r);
  }
}

const SQRT1_2: f32 = 0.70710678118654752;
/** 1 / sqrt(2 pi): the standard normal density at 0. */
const INV_SQRT_2PI: f32 = 0.39894228040143268;

/** erf(g / sqrt 2) + 1, the part of GELU and of its derivative that costs (twice their cumulative density). */
function erfPlusOne4(g: v128): v128 {
  return f32x4.add(erf4(f32x4.mul(g, f32x4.splat(SQRT1_2))), f32x4.splat(1));
}

/** GELU (exact, erf) as the model code wrote it, (g * 0.5) * (erf(g * sqrt(1/2)) + 1), from erfPlusOne4(g). */
function gelu4(g: v128, erfPlusOne: v128): v128 {
  return f32x4.mul(f32x4.mul(g, f32x4.splat(0.5)), erfPlusOne);
}

/** GELU's derivative, (erf(g / sqrt 2) + 1) / 2 + g e^(-g^2 / 2) / sqrt(2 pi), from erfPlusOne4(g). */
function geluSlope4(g: v128, erfPlusOne: v128): v128 {
  const density = f32x4.mul(exp4(f32x4.mul(f32x4.mul(g, g), f32x4.splat(-0.5))), f32x4.splat(INV_SQRT_2PI));
  return f32x4.add(f32x4.mul(erfPlusOne, f32x4.splat(0.5)), f32x4.mul(g, density));
}

/**
 * GEGLU of rows [first, last): each row of x holds 2 * half values, h then g; y's row is h * gelu(g).
 * Four values at a time; a row's last (half mod 4) values go through the same lanes one at a time.
 */
export function gegluRows(x: usize, y: usize, half: i32, first: i32, last: i32): void {
  for (let row = first; row < last; row++) {
    const h = x + <usize>row * half * 8;
    const g = h + <usize>half * 4;
    const out = y + <usize>row * half * 4;
    let i = 0;
    for (; i + 4 <= half; i += 4) {
      const at = <usize>i * 4;
      const gate = v128.load(g + at);
      v128.store(out + at, f32x4.mul(v128.load(h + at), gelu4(gate, erfPlusOne4(gate))));
    }
    for (; i < half; i++) {
      const at = <usize>i * 4;
      const gate = f32x4.splat(load<f32>(g + at));
      const value = f32x4.mul(f32x4.splat(load<f32>(h + at)), gelu4(gate, erfPlusOne4(gate)));
      store<f32>(out + at, f32x4.extract_lane(value, 0));
    }
  }
}

/** GEGLU backward of rows [first, last): dx's row is [dy * gelu(g), dy * h * gelu'(g)] (tail as gegluRows). */
export function gegluGradRows(dy: usize, x: usize, dx: usize, half: i32, first: i32, last: i32): void {
  for (let row = first; row < last; row++) {
    const h = x + <usize>row * half * 8;
    const g = h + <usize>half * 4;
    const dh = dx + <usize>row * half * 8;
    const dg = dh + <usize>half * 4;
    const from = dy + <usize>row * half * 4;
    let i = 0;
    for (; i + 4 <= half; i += 4) {
      const at = <usize>i * 4;
      const d = v128.load(from + at);
      const gate = v128.load(g + at);
      const erfPlusOne = erfPlusOne4(gate);
      v128.store(dh + at, f32x4.mul(d, gelu4(gate, erfPlusOne)));
      v128.store(dg + at, f32x4.mul(f32x4.mul(d, v128.load(h + at)), geluSlope4(gate, erfPlusOne)));
    }
    for (; i < half; i++) {
      const at = <usize>i * 4;
      const d = f32x4.splat(load<f32>(from + at));
      const gate = f32x4.splat(load<f32>(g + at));
      const erfPlusOne = erfPlusOne4(gate);
      store<f32>(dh + at, f32x4.extract_lane(f32x4.mul(d, gelu4(gate, erfPlusOne)), 0));
      const slope = f32x4.mul(f32x4.mul(d, f32x4.splat(load<f32>(h + at))), geluSlope4(gate, erfPlusOne));
      store<f32>(dg + at, f32x4.extract_lane(slope, 0));
    }
  }
}
