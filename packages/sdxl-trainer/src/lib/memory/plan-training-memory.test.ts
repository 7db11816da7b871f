import '../kernels/register-default-kernels.js';
import { UsageError } from '@pixel/constraints';
import { mediumUnetConfig } from '../../bench/support/medium-unet-config.js';
import { measureStepMemory, type StepSettings } from '../../test-support/measure-step-memory.js';
import { sdxlBaseComponent } from '../../test-support/sdxl-base-keys.js';
import type { UNet2DConditionConfig } from '../../types/unet.js';
import { PROBE_UNET_CONFIG } from '../backend/probe-unet-config.js';
import { planTrainingMemory } from './plan-training-memory.js';

const BASE: StepSettings = {
  resolution: 256,
  batchSize: 1,
  optimizer: 'adamw',
  fusedBackwardPass: false,
  gradientCheckpointing: false,
  ema: 'off',
  gradientAccumulationSteps: 1,
};

describe('planTrainingMemory', () => {
  // The medium UNet (13.4 M parameters) at 32 x 32 latents: where each setting's peak falls differs (the
  // backward pass, the optimizer update, inside a fused block), so each part of the plan is checked against
  // this code.
  // About 10-20 s a step on 2 cores.
  it.each<[string, Partial<StepSettings>]>([
    ['AdamW, batch 1', {}],
    ['AdamW, batch 2', { batchSize: 2 }],
    ['AdamW with gradient checkpointing, batch 1', { gradientCheckpointing: true }],
    ['AdamW with gradient checkpointing, batch 2', { gradientCheckpointing: true, batchSize: 2 }],
    // At 16 x 16 latents it peaks in the optimizer update: this checks Adafactor's state (the batch-2 AdamW run checks
    // the checkpointed backward pass, which does not depend on the optimizer).
    [
      'Adafactor with gradient checkpointing, 16 x 16 latents',
      { optimizer: 'adafactor', gradientCheckpointing: true, resolution: 128 },
    ],
    [
      'Adafactor (beta1) with the fused backward pass',
      {
        optimizer: 'adafactor',
        adafactorFirstMoment: true,
        gradientCheckpointing: true,
        fusedBackwardPass: true,
      },
    ],
  ])(
    'predicts the peak device memory of a real step within 15%%: %s',
    async (_, change) => {
      const settings = { ...BASE, ...change };
      const measured = (await measureStepMemory(mediumUnetConfig, settings)).peakBytes;
      const planned = planTrainingMemory({ unetConfig: mediumUnetConfig, ...settings }).peak.totalBytes;
      expect(Math.abs(planned - measured) / measured).toBeLessThan(0.15);
    },
    300_000,
  );

  // The tiny probe UNet, where the accumulation sum and the EMA update decide the peak.
  it.each<[string, Partial<StepSettings>, string]>([
    ['gradient accumulation', { gradientAccumulationSteps: 2, gradientCheckpointing: true }, 'accumulation'],
    // The EMA update's temporaries, once the step's gradients are gone, outweigh the gradients themselves.
    ['an EMA on the device', { ema: 'device', gradientCheckpointing: true }, 'EMA update'],
    [
      'an EMA on the device with a fused step',
      { ema: 'device', optimizer: 'adafactor', fusedBackwardPass: true, gradientCheckpointing: true },
      'EMA update',
    ],
  ])(
    'predicts the peak with %s',
    async (_, change, phase) => {
      const settings = { ...BASE, resolution: 64, ...change };
      const measured = (await measureStepMemory(PROBE_UNET_CONFIG, settings)).peakBytes;
      const plan = planTrainingMemory({ unetConfig: PROBE_UNET_CONFIG, ...settings });
      expect(plan.peak.phase).toBe(phase);
      expect(Math.abs(plan.peak.totalBytes - measured) / measured).toBeLessThan(0.15);
    },
    120_000,
  );

  it('adds up the full-size SDXL UNet: weights, AdamW moments, Adafactor factored state, host EMA', () => {
    const { config, parameters } = sdxlBaseComponent('unet');
    const unetConfig = config as UNet2DConditionConfig;
    const settings = { ...BASE, resolution: 1024 };
    const adamw = planTrainingMemory({ unetConfig, ...settings, ema: 'host' });
    expect(adamw.parameters).toBe(parameters);
    expect(adamw.weightBytes).toBe(4 * parameters);
    expect(adamw.optimizerStateBytes).toBe(2 * adamw.weightBytes);
    expect(adamw.emaDeviceBytes).toBe(0);
    expect(adamw.emaHostBytes).toBeGreaterThan(adamw.weightBytes);
    expect(adamw.latentSize).toEqual([128, 128]);
    const fused = planTrainingMemory({
      unetConfig,
      ...settings,
      optimizer: 'adafactor',
      gradientCheckpointing: true,
      fusedBackwardPass: true,
    });
    // Factored statistics: far below one copy of the weights, though conv weights factor over 3 x 3 only.
    expect(fused.optimizerStateBytes).toBeLessThan(fused.weightBytes / 5);
    // One block's gradients at a time: under a tenth of all of them.
    expect(fused.gradientBytes).toBeLessThan(fused.weightBytes / 10);
    expect(fused.peak.totalBytes).toBeLessThan(adamw.peak.totalBytes / 4);
    // A card fits when everything smaller does.
    const fits = fused.cards.map((card) => card.fits);
    expect(fits).toEqual([...fits].sort());
    expect(fused.cards.find((card) => card.gigabytes === 80)!.fits).toBe(true);
    expect(adamw.cards.find((card) => card.gigabytes === 80)!.fits).toBe(false);
  });

  it('refuses a resolution the UNet cannot take and a fused pass it cannot run, naming the fix', () => {
    const plan = (change: Partial<StepSettings>) => () =>
      planTrainingMemory({ unetConfig: PROBE_UNET_CONFIG, ...BASE, ...change });
    expect(plan({ resolution: 1000 })).toThrow(UsageError);
    expect(plan({ resolution: 1000 })).toThrow('is not a multiple of 32');
    expect(plan({ fusedBackwardPass: true })).toThrow('--optimizer_type adafactor');
    expect(plan({ optimizer: 'adafactor', fusedBackwardPass: true, gradientAccumulationSteps: 2 })).toThrow(
      'no gradient accumulation',
    );
  });
});
