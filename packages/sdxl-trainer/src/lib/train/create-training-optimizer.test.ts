import '@tensorflow/tfjs-backend-cpu';
import { PROBE_UNET_CONFIG } from '../backend/probe-unet-config.js';
import { Adafactor } from '../optim/adafactor.js';
import { AdamW } from '../optim/adamw.js';
import { parseTrainOptions } from '../train-options/parse-train-options.js';
import { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import { createTrainingOptimizer } from './create-training-optimizer.js';

const options = (flags: Record<string, unknown>) =>
  parseTrainOptions({ pretrained_model_name_or_path: 'p', train_data_dir: 'd', ...flags }).options;

describe('createTrainingOptimizer', () => {
  const unet = UNet2DConditionModel.fromConfig(PROBE_UNET_CONFIG, { seed: 1 });
  afterAll(() => unet.dispose());

  it('builds AdamW from the --adam_* flags by default, recording its settings', () => {
    const { optimizer, saved } = createTrainingOptimizer(unet, options({ adam_weight_decay: 0.1 }), 1e-4);
    expect(optimizer).toBeInstanceOf(AdamW);
    expect(optimizer.learningRate).toBe(1e-4);
    expect(saved).toEqual({
      type: 'adamw',
      options: { beta1: 0.9, beta2: 0.999, weightDecay: 0.1, epsilon: 1e-8 },
    });
    optimizer.dispose();
  });

  it("builds Adafactor from --optimizer_args over the UNet's parameters, conv weights factored over their PyTorch kernel dimensions", () => {
    const { optimizer, saved } = createTrainingOptimizer(
      unet,
      options({ optimizer_type: 'adafactor', optimizer_args: ['relative_step=False', 'beta1=0.9'] }),
      2e-6,
    );
    expect(optimizer).toBeInstanceOf(Adafactor);
    expect(optimizer.learningRate).toBe(2e-6);
    expect(saved).toEqual({
      type: 'adafactor',
      options: {
        epsilon: [1e-30, 1e-3],
        clipThreshold: 1,
        decayRate: -0.8,
        beta1: 0.9,
        weightDecay: 0,
        scaleParameter: true,
        relativeStep: false,
        warmupInit: false,
      },
    });
    // conv_in.weight is [32, 4, 3, 3] in PyTorch ([3, 3, 4, 32] in memory): rows [32, 4, 3], columns [32, 4, 3].
    const state = new Map([...optimizer.stateTensors()].map(([name, tensor]) => [name, tensor.shape]));
    expect([state.get('0.exp_avg'), state.get('0.exp_avg_sq_row'), state.get('0.exp_avg_sq_col')]).toEqual([
      [32, 4, 3, 3],
      [32, 4, 3],
      [32, 4, 3],
    ]);
    optimizer.dispose();
  });

  it("leaves Adafactor without a learning rate with relative_step, transformers' default", () => {
    const { optimizer, saved } = createTrainingOptimizer(
      unet,
      options({ optimizer_type: 'adafactor' }),
      1e-4,
    );
    expect(optimizer.learningRate).toBeUndefined();
    expect(saved.options).toMatchObject({ relativeStep: true, scaleParameter: true });
    expect(saved.options).not.toHaveProperty('beta1');
    optimizer.dispose();
  });
});
