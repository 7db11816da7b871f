import * as tf from '@tensorflow/tfjs-core';
import '../register-default-kernels.js';
import { adamWUpdate } from '../../ops/adamw-update.js';
import type { AdamWUpdateAttrs } from '../../ops/kernel-names.js';
import { AdamW } from '../../optim/adamw.js';
import { engineAddress } from '../../../test-support/engine-address.js';
import { kernelEngine } from './engine/kernel-engine.js';

/** x = mantissa * 2^exponent exactly, for a finite float64 x. */
function exactParts(x: number): { mantissa: bigint; exponent: number } {
  const bits = new BigUint64Array(new Float64Array([x]).buffer)[0]!;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  return { mantissa: bits >> 63n ? -mantissa : mantissa, exponent: (biased === 0 ? 1 : biased) - 1075 };
}

/** a * b + c rounded once to float32 (half to even), worked out in integers: the fused multiply-add. */
function exactFusedMultiplyAdd(a: number, b: number, c: number): number {
  const [x, y, z] = [exactParts(a), exactParts(b), exactParts(c)];
  const productExponent = x.exponent + y.exponent;
  const exponent = Math.min(productExponent, z.exponent);
  const sum =
    ((x.mantissa * y.mantissa) << BigInt(productExponent - exponent)) +
    (z.mantissa << BigInt(z.exponent - exponent));
  if (sum === 0n) return 0;
  const magnitude = sum < 0n ? -sum : sum;
  const top = exponent + magnitude.toString(2).length - 1;
  // float32 keeps 24 bits below the leading one, and nothing below 2^-149.
  const dropped = Math.max(top - 23, -149) - exponent;
  let kept = magnitude;
  if (dropped > 0) {
    kept = magnitude >> BigInt(dropped);
    const rest = magnitude - (kept << BigInt(dropped));
    const half = 1n << BigInt(dropped - 1);
    if (rest > half || (rest === half && (kept & 1n) === 1n)) kept += 1n;
  }
  const value = Number(kept) * 2 ** (exponent + Math.max(dropped, 0));
  return sum < 0n ? -value : value;
}

/** torch 1.13's AdamW step on a CPU (torch/optim/adamw.py, _single_tensor_adamw), value by value. */
function torchAdamW(
  [p, g, m, v]: readonly number[],
  attrs: AdamWUpdateAttrs,
  gradientScale: number,
): [number, number, number] {
  const f = Math.fround;
  const grad = f(g! * f(gradientScale)); // clip_grad_norm_: grad.mul_(clip_coef)
  const param = f(p! * f(attrs.decay)); // param.mul_(1 - lr * weight_decay)
  // exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1): the add is a fused multiply-add
  const moment = exactFusedMultiplyAdd(grad, f(1 - attrs.beta1), f(m! * f(attrs.beta1)));
  // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2): (value * grad) * grad + exp_avg_sq, fused
  const second = exactFusedMultiplyAdd(f(f(1 - attrs.beta2) * grad), grad, f(v! * f(attrs.beta2)));
  const denominator = f(f(f(Math.sqrt(second)) / f(attrs.biasCorrection2Sqrt)) + f(attrs.epsilon));
  // param.addcdiv_(exp_avg, denom, value=-step_size): param + (value * exp_avg) / denom
  return [f(param + f(f(f(-attrs.stepSize) * moment) / denominator)), moment, second];
}

/** The kernel's three outputs for these values (the gradient scaled by `gradientScale`). */
function kernelAdamW(values: Float32Array[], attrs: AdamWUpdateAttrs, gradientScale: number): Float32Array[] {
  return tf.tidy(() => {
    const [p, g, m, v] = values.map((array) => tf.tensor1d(array));
    return adamWUpdate(p!, g!, m!, v!, attrs, tf.scalar(gradientScale)).map(
      (tensor) => tensor.dataSync() as Float32Array,
    );
  });
}

function expectTorchBits(values: Float32Array[], attrs: AdamWUpdateAttrs, gradientScale: number): void {
  const outputs = kernelAdamW(values, attrs, gradientScale);
  const wrong: string[] = [];
  for (let i = 0; i < values[0]!.length; i++) {
    const expected = torchAdamW(
      values.map((array) => array[i]!),
      attrs,
      gradientScale,
    );
    expected.forEach((value, output) => {
      if (!Object.is(outputs[output]![i], value)) {
        wrong.push(`value ${i} output ${output}: ${outputs[output]![i]} instead of ${value}`);
      }
    });
  }
  expect(wrong.slice(0, 5)).toEqual([]);
}

/** Values drawn from a seeded generator, as float32. */
function randomValues(length: number, seed: number, scale: number, positive = false): Float32Array {
  return tf.tidy(() => {
    const values = tf.mul(tf.randomNormal([length], 0, 1, 'float32', seed), scale);
    return (positive ? tf.abs(values) : values).dataSync() as Float32Array;
  });
}

describe('cpuAdamWUpdate', () => {
  const attrs: AdamWUpdateAttrs = {
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    stepSize: 1e-4 / (1 - 0.9 ** 3),
    decay: 1 - 1e-4 * 1e-2,
    biasCorrection2Sqrt: Math.sqrt(1 - 0.999 ** 3),
  };

  it("uses the machine's fused multiply-add on x64 and ARM64 (a step twice as fast as emulating it)", () => {
    expect(['x64', 'arm64']).toContain(process.arch);
    kernelEngine().emulateFusedMultiplyAdd(false);
    expect(kernelEngine().hardwareFusedMultiplyAdd).toBe(true);
  });

  describe.each([
    ["the machine's fused multiply-add", false],
    ['the emulated fused multiply-add', true],
  ])('with %s', (_, emulate) => {
    beforeAll(() => kernelEngine().emulateFusedMultiplyAdd(emulate));
    afterAll(() => kernelEngine().emulateFusedMultiplyAdd(false));

    it.each([
      ['one unit on this thread', 3001],
      ["several units on the engine's threads", 3 * 4096 + 123],
    ])("gives torch's float32 AdamW to the bit, clipping's factor included: %s", (_, length) => {
      const values = [
        randomValues(length, 1, 0.05),
        randomValues(length, 2, 1e-3),
        randomValues(length, 3, 1e-4),
        randomValues(length, 4, 1e-7, true),
      ];
      expectTorchBits(values, attrs, 0.37);
      expectTorchBits(values, attrs, 1);
    });

    it('rounds the two fused multiply-adds once, where rounding the float64 sum would round twice', () => {
      // With beta1 = 1/2 - 2^-13 and beta2 = 1 - 2^-10 (1 - beta1 = 1/2 + 2^-13, 1 - beta2 = 2^-10, all
      // float32), a gradient g = (1 + 2^-12) 2^k makes g (1 - beta1) and (1 - beta2) g g exactly halfway
      // between two float32 values; a tiny moment then decides the rounding, which a float64 sum loses.
      const hard: AdamWUpdateAttrs = { ...attrs, beta1: 0.5 - 2 ** -13, beta2: 1 - 2 ** -10 };
      const gradients: number[] = [];
      const moments: number[] = [];
      for (let k = -20; k <= 20; k++) {
        for (const [gradientSign, momentSign] of [
          [1, 1],
          [1, -1],
          [-1, 1],
          [-1, -1],
        ] as const) {
          gradients.push(gradientSign * (1 + 2 ** -12) * 2 ** k);
          moments.push(momentSign * 2 ** (k - 75));
        }
      }
      const length = gradients.length;
      const values = [
        randomValues(length, 5, 0.05),
        new Float32Array(gradients),
        new Float32Array(moments),
        new Float32Array(gradients.map((g) => 2 ** (2 * Math.log2(Math.abs(g)) - 85))),
      ];
      // The cases are hard: a float64 sum rounded to float32 is wrong for half of the first moments (the
      // moment's sign agrees with the gradient's) and all of the second.
      const f = Math.fround;
      const naiveWrong = [0, 1].map(
        (output) =>
          gradients.filter((g, i) => {
            const [a, b, c] =
              output === 0
                ? [g, f(1 - hard.beta1), f(values[2]![i]! * f(hard.beta1))]
                : [f(f(1 - hard.beta2) * g), g, f(values[3]![i]! * f(hard.beta2))];
            return f(a * b + c) !== exactFusedMultiplyAdd(a, b, c);
          }).length,
      );
      expect(naiveWrong).toEqual([length / 2, length]);
      expectTorchBits(values, hard, 1);
    });
  });

  it('updates the parameter and moments in place from the second step, where only they hold their blocks', () => {
    const variable = tf.variable(tf.tensor1d([1, 2, 3]));
    const optimizer = new AdamW([variable], { learningRate: 0.01 });
    const moments = () => [...optimizer.stateEntries()][0]!;
    const blocks = () => [variable, moments().firstMoment, moments().secondMoment].map(engineAddress);
    optimizer.applyGradients([tf.tensor1d([0.1, 0.2, 0.3])]);
    const first = blocks();
    expect(first.every((address) => address !== undefined)).toBe(true);
    const read = variable.dataSync();
    const readBefore = read.slice();
    optimizer.applyGradients([tf.tensor1d([0.3, -0.1, 0.2])]);
    // The same blocks, new values (torch's param.addcdiv_ and exp_avg.mul_(beta1).add_(...)).
    expect(blocks()).toEqual(first);
    expect(Array.from(variable.dataSync())).not.toEqual(Array.from(readBefore));
    // What a reader got is a copy: untouched.
    expect(read).toEqual(readBefore);
    // A tensor someone else also holds is left alone: the update goes to a new block.
    const heldParameter = tf.clone(variable);
    const heldMoment = tf.clone(moments().secondMoment);
    const heldValues = [heldParameter, heldMoment].map((tensor) => tensor.dataSync());
    optimizer.applyGradients([tf.tensor1d([0.5, 0.5, 0.5])]);
    expect([heldParameter, heldMoment].map((tensor) => tensor.dataSync())).toEqual(heldValues);
    expect(blocks()[0]).not.toBe(first[0]);
    expect(blocks()[1]).toBe(first[1]);
    expect(blocks()[2]).not.toBe(first[2]);
    tf.dispose([heldParameter, heldMoment, variable]);
    optimizer.dispose();
  });
});
