import { learningRateAt } from '../lr-schedule/learning-rate-at.js';
import { parseTrainOptions } from './parse-train-options.js';
import { TrainOptionsError } from './train-options-error.js';
import { planTraining } from './plan-training.js';
import { trainingPosition } from './training-position.js';

const options = (extra: Record<string, unknown>) =>
  parseTrainOptions({ pretrained_model_name_or_path: 'p', train_data_dir: 'd', ...extra }).options;

describe('planTraining', () => {
  it('derives steps per epoch and the run length as the diffusers script (last batch and last accumulation partial)', () => {
    const plan = planTraining(
      options({ train_batch_size: 4, gradient_accumulation_steps: 2, num_train_epochs: 3 }),
      37,
    );
    expect(plan).toMatchObject({
      datasetLength: 37,
      batchesPerEpoch: 10,
      updateStepsPerEpoch: 5,
      maxTrainSteps: 15,
      numTrainEpochs: 3,
      totalBatchSize: 8,
    });
  });

  it('refuses epochs that come to more optimizer steps than a run can take, naming the limit', () => {
    const tooMany = options({ train_batch_size: 1, num_train_epochs: 2 ** 30 });
    expect(planTraining(tooMany, 1).maxTrainSteps).toBe(2 ** 30);
    expect(() => planTraining(tooMany, 3)).toThrow(TrainOptionsError);
    expect(() => planTraining(tooMany, 3)).toThrow(
      'Invalid training options: --num_train_epochs 1073741824 at 3 optimizer steps an epoch is 3221225472 steps, more than the 2147483647 a run can take: pass fewer epochs, or --max_train_steps.',
    );
  });

  it('lets --max_train_steps override the epochs, and recomputes the epochs from it', () => {
    const plan = planTraining(options({ train_batch_size: 1, num_epochs: 10, max_train_steps: 25 }), 4);
    expect(plan).toMatchObject({ updateStepsPerEpoch: 4, maxTrainSteps: 25, numTrainEpochs: 7 });
  });

  it('sizes the LR schedule in optimizer steps with the --scale_lr rate', () => {
    const plan = planTraining(
      options({
        train_batch_size: 2,
        gradient_accumulation_steps: 3,
        learning_rate: 1e-6,
        scale_lr: true,
        lr_scheduler: 'linear',
        lr_warmup_steps: 2,
        max_train_steps: 10,
      }),
      100,
    );
    expect(plan.lrSchedule).toMatchObject({ name: 'linear', warmupSteps: 2, totalSteps: 10 });
    expect(plan.lrSchedule.baseLr).toBeCloseTo(6e-6, 18);
    expect(learningRateAt(plan.lrSchedule, 1)).toBeCloseTo(3e-6, 18);
    expect(learningRateAt(plan.lrSchedule, 10)).toBe(0);
  });

  it('groups the --timestep_bias_* flags for the sampler', () => {
    expect(
      planTraining(options({ timestep_bias_strategy: 'later', timestep_bias_multiplier: 2 }), 1).timestepBias,
    ).toEqual({
      strategy: 'later',
      multiplier: 2,
      begin: 0,
      end: 1000,
      portion: 0.25,
    });
  });

  it('refuses an empty dataset', () => {
    expect(() => planTraining(options({}), 0)).toThrow(
      'Training needs at least one sample, got a dataset of 0.',
    );
  });
});

describe('trainingPosition', () => {
  it('maps a checkpoint step to the epoch and the next batch, for exact resume', () => {
    const plan = planTraining(
      options({ train_batch_size: 4, gradient_accumulation_steps: 2, num_train_epochs: 3 }),
      37,
    );
    expect(trainingPosition(plan, 0)).toEqual({ epoch: 0, batchInEpoch: 0 });
    expect(trainingPosition(plan, 3)).toEqual({ epoch: 0, batchInEpoch: 6 });
    expect(trainingPosition(plan, 5)).toEqual({ epoch: 1, batchInEpoch: 0 });
    expect(trainingPosition(plan, 12)).toEqual({ epoch: 2, batchInEpoch: 4 });
    expect(trainingPosition(plan, 15)).toEqual({ epoch: 3, batchInEpoch: 0 });
    expect(() => trainingPosition(plan, 16)).toThrow('A checkpoint step must be between 0 and 15, got 16.');
  });
});
