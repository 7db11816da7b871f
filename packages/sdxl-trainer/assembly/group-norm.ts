// GroupNorm/LayerNorm forward and backward over units (sample, group), with the same float64 arithmetic as
// the JavaScript kernels they replace (kernels/cpu/group-norm*.ts): statistics and sums in float64, each
// unit's values visited in order. The backward pass leaves each sample's share of the affine parameters'
// gradients (float64) for the caller to add up in sample order.

@unmanaged
class Layout {
  samples: i32 = 0;
  positions: i32 = 0;
  groups: i32 = 0;
  groupSize: i32 = 0;
  channels: i32 = 0;
}

/** Normalises units [first, last): y and [mean, 1 / std] per unit (float32). */
export function groupNorm(
  layoutAt: usize,
  x: usize,
  gamma: usize,
  beta: usize,
  y: usize,
  stats: usize,
  epsilon: f64,
  first: i32,
  last: i32,
): void {
  const l = changetype<Layout>(layoutAt);
  const count = <f64>l.positions * l.groupSize;
  for (let unit = first; unit < last; unit++) {
    const s = unit / l.groups;
    const g = unit % l.groups;
    let sum: f64 = 0;
    let sumSquares: f64 = 0;
    for (let p = 0; p < l.positions; p++) {
      const base = x + (<usize>(s * l.positions + p) * l.channels + g * l.groupSize) * 4;
      for (let c = 0; c < l.groupSize; c++) {
        const value = <f64>load<f32>(base + <usize>c * 4);
        sum += value;
        sumSquares += value * value;
      }
    }
    const mean = sum / count;
    const variance = max(sumSquares / count - mean * mean, 0);
    const mean32 = <f32>mean;
    const rstd32 = <f32>(1 / Math.sqrt(variance + epsilon));
    store<f32>(stats + <usize>unit * 8, mean32);
    store<f32>(stats + <usize>unit * 8 + 4, rstd32);
    for (let p = 0; p < l.positions; p++) {
      const offset = (<usize>(s * l.positions + p) * l.channels + g * l.groupSize) * 4;
      for (let c = 0; c < l.groupSize; c++) {
        const at = offset + <usize>c * 4;
        const channel = <usize>(g * l.groupSize + c) * 4;
        const value = (<f64>load<f32>(x + at) - <f64>mean32) * <f64>rstd32 * <f64>load<f32>(gamma + channel);
        store<f32>(y + at, <f32>(value + <f64>load<f32>(beta + channel)));
      }
    }
  }
}

/**
 * Backward for units [first, last): dx, and per sample and channel the shares of dgamma = sum(dy * xhat)
 * and dbeta = sum(dy) as float64 pairs at `shares` ([samples][channels][2]).
 */
export function groupNormGrad(
  layoutAt: usize,
  dy: usize,
  x: usize,
  gamma: usize,
  stats: usize,
  dx: usize,
  shares: usize,
  first: i32,
  last: i32,
): void {
  const l = changetype<Layout>(layoutAt);
  const count = <f64>l.positions * l.groupSize;
  for (let unit = first; unit < last; unit++) {
    const s = unit / l.groups;
    const g = unit % l.groups;
    const mean = <f64>load<f32>(stats + <usize>unit * 8);
    const rstd = <f64>load<f32>(stats + <usize>unit * 8 + 4);
    const share = shares + (<usize>s * l.channels + g * l.groupSize) * 16;
    for (let c = 0; c < l.groupSize; c++) {
      store<f64>(share + <usize>c * 16, 0);
      store<f64>(share + <usize>c * 16 + 8, 0);
    }
    let sumDxhat: f64 = 0;
    let sumDxhatXhat: f64 = 0;
    for (let p = 0; p < l.positions; p++) {
      const offset = (<usize>(s * l.positions + p) * l.channels + g * l.groupSize) * 4;
      for (let c = 0; c < l.groupSize; c++) {
        const at = offset + <usize>c * 4;
        const xhat = (<f64>load<f32>(x + at) - mean) * rstd;
        const gradient = <f64>load<f32>(dy + at);
        const dxhat = gradient * <f64>load<f32>(gamma + <usize>(g * l.groupSize + c) * 4);
        sumDxhat += dxhat;
        sumDxhatXhat += dxhat * xhat;
        const pair = share + <usize>c * 16;
        store<f64>(pair, load<f64>(pair) + gradient * xhat);
        store<f64>(pair + 8, load<f64>(pair + 8) + gradient);
      }
    }
    const meanDxhat = sumDxhat / count;
    const meanDxhatXhat = sumDxhatXhat / count;
    for (let p = 0; p < l.positions; p++) {
      const offset = (<usize>(s * l.positions + p) * l.channels + g * l.groupSize) * 4;
      for (let c = 0; c < l.groupSize; c++) {
        const at = offset + <usize>c * 4;
        const xhat = (<f64>load<f32>(x + at) - mean) * rstd;
        const gammaC = <f64>load<f32>(gamma + <usize>(g * l.groupSize + c) * 4);
        const value = rstd * (<f64>load<f32>(dy + at) * gammaC - meanDxhat - xhat * meanDxhatXhat);
        store<f32>(dx + at, <f32>value);
      }
    }
  }
}
