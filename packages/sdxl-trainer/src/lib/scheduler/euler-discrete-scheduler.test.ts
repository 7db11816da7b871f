import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';

import { SHARED } from '@pixel-tools/test-support';
import { EulerDiscreteScheduler } from './euler-discrete-scheduler.js';

describe('EulerDiscreteScheduler (SDXL sampling)', () => {
  it('reads the pipeline scheduler config and spaces timesteps "leading" with steps_offset 1', async () => {
    const scheduler = await EulerDiscreteScheduler.fromPretrained(SHARED.tinyPipeline, {
      subfolder: 'scheduler',
    });
    const timesteps = scheduler.setTimesteps(30);
    expect(timesteps[0]).toBe(958);
    expect(timesteps.at(-1)).toBe(1);
    expect(scheduler.sigmas).toHaveLength(31);
    expect(scheduler.sigmas.at(-1)).toBe(0);
    // "leading" starts from noise with variance sigma^2 + 1.
    expect(scheduler.initNoiseSigma).toBeCloseTo(Math.sqrt(scheduler.sigmas[0]! ** 2 + 1), 6);
  });

  it("has SD's sigma_max 14.6146 at t = 999 for the scaled_linear schedule", () => {
    const scheduler = new EulerDiscreteScheduler({
      beta_schedule: 'scaled_linear',
      beta_start: 0.00085,
      beta_end: 0.012,
      timestep_spacing: 'trailing',
    });
    scheduler.setTimesteps(10);
    expect(scheduler.timesteps[0]).toBe(999);
    expect(scheduler.sigmas[0]).toBeCloseTo(14.6146, 3);
    expect(scheduler.initNoiseSigma).toBe(scheduler.sigmas[0]);
  });

  it('an Euler step with the true noise lands exactly on x0 + next_sigma * noise', () => {
    const scheduler = new EulerDiscreteScheduler({
      beta_schedule: 'scaled_linear',
      beta_start: 0.00085,
      beta_end: 0.012,
    });
    scheduler.setTimesteps(5);
    const x0 = tf.tensor([0.5, -1, 2]);
    const noise = tf.tensor([1, 0.25, -0.5]);
    const [sigma, next] = scheduler.sigmas as [number, number];
    const sample = tf.add(x0, tf.mul(noise, sigma));
    const stepped = scheduler.step(noise, 0, sample);
    const expected = tf.add(x0, tf.mul(noise, next)).dataSync();
    stepped.dataSync().forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 4));
    const scaled = scheduler.scaleModelInput(sample, 0).dataSync();
    expect(scaled[0]).toBeCloseTo((0.5 + sigma) / Math.sqrt(sigma * sigma + 1), 5);
  });

  it('names unsupported settings and steps outside the schedule', () => {
    expect(() => new EulerDiscreteScheduler({ use_karras_sigmas: true as never })).toThrow(
      /use_karras_sigmas/,
    );
    expect(() => new EulerDiscreteScheduler({ interpolation_type: 'log_linear' as never })).toThrow(
      /interpolation_type "log_linear"/,
    );
    expect(() => new EulerDiscreteScheduler().scaleModelInput(tf.zeros([1]), 0)).toThrow(
      /call setTimesteps first/,
    );
  });
});
