import { PROBE_UNET_CONFIG } from '../backend/probe-unet-config.js';
import { parseTrainOptions } from '../train-options/parse-train-options.js';
import { trainingMemoryPlanInput } from './training-memory-plan-input.js';

const REQUIRED = { pretrained_model_name_or_path: 'sdxl', train_data_dir: 'images' };

describe('trainingMemoryPlanInput', () => {
  it("reads the run's memory settings from the parsed flags", () => {
    const { options } = parseTrainOptions({
      ...REQUIRED,
      resolution: 512,
      train_batch_size: 2,
      optimizer_type: 'Adafactor',
      optimizer_args: ['beta1=0.9', 'relative_step=False', 'scale_parameter=False', 'warmup_init=False'],
      fused_backward_pass: true,
      use_ema: true,
      ema_offload: true,
    });
    expect(trainingMemoryPlanInput(options, PROBE_UNET_CONFIG)).toEqual({
      unetConfig: PROBE_UNET_CONFIG,
      resolution: 512,
      batchSize: 2,
      optimizer: 'adafactor',
      adafactorFirstMoment: true,
      fusedBackwardPass: true,
      gradientCheckpointing: true,
      ema: 'host',
      gradientAccumulationSteps: 1,
    });
  });

  it("takes diffusers' defaults: AdamW, 1024 px, batch 16, no checkpointing, EMA on the device with --use_ema", () => {
    const { options } = parseTrainOptions({ ...REQUIRED, use_ema: true, gradient_accumulation_steps: 4 });
    expect(trainingMemoryPlanInput(options, PROBE_UNET_CONFIG)).toMatchObject({
      resolution: 1024,
      batchSize: 16,
      optimizer: 'adamw',
      adafactorFirstMoment: false,
      fusedBackwardPass: false,
      gradientCheckpointing: false,
      ema: 'device',
      gradientAccumulationSteps: 4,
    });
  });
});
