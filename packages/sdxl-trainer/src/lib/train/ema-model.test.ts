import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { EmaModel } from './ema-model.js';

describe('EmaModel', () => {
  it("follows diffusers' decay schedule: 0 on the first step, (1 + s) / (10 + s) after, capped", () => {
    expect(EmaModel.decayAt(1)).toBe(0);
    expect(EmaModel.decayAt(2)).toBeCloseTo(2 / 11, 15);
    expect(EmaModel.decayAt(11)).toBeCloseTo(11 / 20, 15);
    expect(EmaModel.decayAt(1_000_000)).toBe(0.9999);
  });

  it('copies on the first step, then averages towards the model', () => {
    const weight = tf.variable(tf.tensor1d([1, 2]));
    const ema = new EmaModel([weight]);
    weight.assign(tf.tensor1d([3, 4]));
    ema.step();
    expect(Array.from(ema.shadow[0]!.dataSync())).toEqual([3, 4]);
    weight.assign(tf.tensor1d([14, 15]));
    ema.step();
    const decay = 2 / 11;
    const expected = [3 - (1 - decay) * (3 - 14), 4 - (1 - decay) * (4 - 15)];
    Array.from(ema.shadow[0]!.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    ema.copyTo();
    expect(Array.from(weight.dataSync())).toEqual(Array.from(ema.shadow[0]!.dataSync()));
    ema.dispose();
    weight.dispose();
  });

  it("with an update interval N, moves every N steps by N steps' worth of decay (1 - decay^N)", () => {
    expect(EmaModel.updateWeightAt(1, 2)).toBeUndefined();
    expect(EmaModel.updateWeightAt(2, 2)).toBe(1 - (2 / 11) ** 2);
    expect(EmaModel.updateWeightAt(7, 1)).toBe(1 - EmaModel.decayAt(7));
    const weight = tf.variable(tf.tensor1d([1, 2]));
    const ema = new EmaModel([weight], 0.9999, 2);
    weight.assign(tf.tensor1d([3, 4]));
    ema.step();
    expect(Array.from(ema.shadow[0]!.dataSync())).toEqual([1, 2]); // step 1: not due
    ema.step();
    const moved = 1 - (2 / 11) ** 2;
    expect(Array.from(ema.shadow[0]!.dataSync())).toEqual(
      [1, 2].map((value, i) =>
        Math.fround(value - Math.fround(Math.fround(value - [3, 4][i]!) * Math.fround(moved))),
      ),
    );
    expect(ema.optimizationStep).toBe(2);
    ema.dispose();
    weight.dispose();
  });
});
