import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mediumUnetConfig } from '../../bench/support/medium-unet-config.js';
import { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import { EmaModel } from './ema-model.js';
import { HostEmaModel } from './host-ema-model.js';

/** Variables that move a different way every step, and their values by step. */
function movingWeights() {
  const variables = [
    tf.variable(tf.randomNormal([3, 5], 0, 1, 'float32', 1)),
    tf.variable(tf.randomNormal([4], 0, 1, 'float32', 2)),
  ];
  const move = (step: number) =>
    tf.tidy(() =>
      variables.forEach((variable, index) =>
        variable.assign(
          tf.add(variable, tf.randomNormal(variable.shape, 0, 0.1, 'float32', step * 10 + index)),
        ),
      ),
    );
  return { variables, move };
}

function bytesOf(values: tf.Tensor | Float32Array): Buffer {
  // A copy: the cpu backend hands out the array it computes with.
  const array = (values instanceof Float32Array ? values : (values.dataSync() as Float32Array)).slice();
  return Buffer.from(array.buffer);
}

describe('HostEmaModel (--ema_offload)', () => {
  it.each([1, 3])(
    'averages bit for bit as EmaModel does on the device (update interval %i), holding no tensor',
    async (interval) => {
      const { variables, move } = movingWeights();
      const device = new EmaModel(variables, 0.9999, interval);
      const tensorsBefore = tf.memory().numTensors;
      const host = await HostEmaModel.fromVariables(variables, { updateInterval: interval });
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      for (let step = 0; step < 7; step++) {
        move(step);
        device.step();
        await host.step();
      }
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      expect(host.optimizationStep).toBe(7);
      host.shadow.forEach((values, index) =>
        expect(bytesOf(values).equals(bytesOf(device.shadow[index]!))).toBe(true),
      );
      // The host copy is not the weights: it lags behind them.
      expect(bytesOf(host.shadow[0]!).equals(bytesOf(variables[0]!))).toBe(false);
      device.dispose();
      tf.dispose(variables);
    },
  );

  it('lends its weights to the model for an evaluation and gives the trained ones back exactly; copyTo writes them in', async () => {
    const { variables, move } = movingWeights();
    const host = await HostEmaModel.fromVariables(variables);
    move(1);
    const trained = variables.map(bytesOf);
    const tensorsBefore = tf.memory().numTensors;
    const seen = await host.withAveragedWeights(async () => variables.map(bytesOf));
    expect(seen.map((bytes, index) => bytes.equals(bytesOf(host.shadow[index]!)))).toEqual([true, true]);
    expect(variables.map((variable, index) => bytesOf(variable).equals(trained[index]!))).toEqual([
      true,
      true,
    ]);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    await expect(
      host.withAveragedWeights(() => Promise.reject(new Error('evaluation failed'))),
    ).rejects.toThrow('evaluation failed');
    expect(variables.map((variable, index) => bytesOf(variable).equals(trained[index]!))).toEqual([
      true,
      true,
    ]);
    host.copyTo();
    const averaged = variables.map(bytesOf);
    expect(averaged.map((bytes, index) => bytes.equals(bytesOf(host.shadow[index]!)))).toEqual([true, true]);
    expect(averaged[1]!.equals(trained[1]!)).toBe(false);
    // The model took a copy: the average changing in place afterwards leaves the model's weights alone.
    host.setShadow(1, new Float32Array([1, 2, 3, 4]));
    expect(bytesOf(variables[1]!).equals(averaged[1]!)).toBe(true);
    tf.dispose(variables);
  });

  it('restores a saved copy value by value and refuses one of the wrong size', async () => {
    const { variables } = movingWeights();
    const host = await HostEmaModel.fromVariables(variables);
    host.setShadow(1, new Float32Array([1, 2, 3, 4]));
    expect(Array.from(host.shadow[1]!)).toEqual([1, 2, 3, 4]);
    expect(() => host.setShadow(1, new Float32Array(3))).toThrow(
      'EMA tensor 1 has 4 values; the checkpoint gives 3.',
    );
    tf.dispose(variables);
  });

  it('on the medium UNet (13.4 M parameters) holds no tensor bytes, where EmaModel holds a copy of the weights', async () => {
    const unet = UNet2DConditionModel.fromConfig(mediumUnetConfig, { seed: 1 });
    const variables = unet.trainableVariables();
    const weightBytes = variables.reduce((sum, variable) => sum + variable.size * 4, 0);
    const before = tf.memory().numBytes;
    const device = new EmaModel(variables);
    const onDevice = tf.memory().numBytes - before;
    device.dispose();
    const host = await HostEmaModel.fromVariables(variables);
    const offloaded = tf.memory().numBytes - before;
    const hostBytes = host.shadow.reduce((sum, values) => sum + values.byteLength, 0);
    console.log(
      `medium UNet, weights ${weightBytes} B: EMA on the device adds ${onDevice} tensor bytes; --ema_offload adds ${offloaded} tensor bytes and ${hostBytes} B of host memory`,
    );
    expect(onDevice).toBe(weightBytes);
    expect(offloaded).toBe(0);
    expect(hostBytes).toBe(weightBytes);
    // Evaluating the averaged weights swaps them in one tensor at a time, the trained ones waiting on the host.
    const largestBytes = Math.max(...variables.map((variable) => variable.size * 4));
    const swap = await tf.profile(() => host.withAveragedWeights(async () => undefined));
    expect(swap.peakBytes - tf.memory().numBytes).toBeLessThanOrEqual(largestBytes);
    unet.dispose();
  }, 60_000);
});
