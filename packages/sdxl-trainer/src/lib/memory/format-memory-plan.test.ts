import { sdxlBaseComponent } from '../../test-support/sdxl-base-keys.js';
import type { UNet2DConditionConfig } from '../../types/unet.js';
import { formatMemoryPlan } from './format-memory-plan.js';
import { planTrainingMemory, type MemoryPlanInput } from './plan-training-memory.js';

describe('formatMemoryPlan', () => {
  it('prints the settings, each part, the peak with its phase, host memory and the cards it fits', () => {
    const input: MemoryPlanInput = {
      unetConfig: sdxlBaseComponent('unet').config as UNet2DConditionConfig,
      resolution: 1024,
      batchSize: 1,
      optimizer: 'adafactor',
      fusedBackwardPass: true,
      gradientCheckpointing: true,
      ema: 'host',
      gradientAccumulationSteps: 1,
    };
    const plan = planTrainingMemory(input);
    const text = formatMemoryPlan(plan, input);
    expect(text).toMatch(
      /^Memory plan: UNet of 2,567,463,684 parameters, 1024 x 1024 images \(128 x 128 latents\), batch 1, Adafactor, fused backward pass, gradient checkpointing, EMA in host memory\n/,
    );
    expect(text).toMatch(/\n {2}weights \(float32\) +9\.56 GiB\n/);
    expect(text).toContain(`peak on the device (${plan.peak.phase})`);
    expect(text).toMatch(/host memory for the EMA weights +9\.6\d GiB/);
    expect(text).toMatch(
      /plus 10% for allocator fragmentation.*plus 1\.00 GiB for the CUDA context\): 16 GB no \(-[\d.]+ GiB\), 24 GB yes \(\+[\d.]+ GiB\)/,
    );
  });
});
