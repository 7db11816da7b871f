import { createLrSchedule } from './create-lr-schedule.js';
import { learningRateAt } from './learning-rate-at.js';
import type { LrSchedulerName } from './types.js';

describe('createLrSchedule', () => {
  it('fills in get_scheduler defaults', () => {
    expect(createLrSchedule({ name: 'constant', baseLr: 1e-4 })).toEqual({
      name: 'constant',
      baseLr: 1e-4,
      warmupSteps: 0,
      totalSteps: 0,
      numCycles: 1,
      power: 1,
      lrEnd: 1e-7,
    });
  });

  it('refuses what would fail or misbehave mid-run, naming the flag', () => {
    expect(() => createLrSchedule({ name: 'cosine_annealing' as LrSchedulerName, baseLr: 1e-4 })).toThrow(
      'Unknown --lr_scheduler "cosine_annealing": choose one of constant, constant_with_warmup, linear, cosine, cosine_with_restarts, polynomial.',
    );
    expect(() => createLrSchedule({ name: 'polynomial', baseLr: 1e-7, totalSteps: 10 })).toThrow(
      /--lr_end \(1e-7\) must be smaller/,
    );
    expect(() =>
      createLrSchedule({ name: 'polynomial', baseLr: 1e-4, warmupSteps: 10, totalSteps: 10 }),
    ).toThrow(/more training steps/);
    expect(() => createLrSchedule({ name: 'linear', baseLr: 0 })).toThrow(
      /--learning_rate must be a positive/,
    );
    expect(() => createLrSchedule({ name: 'linear', baseLr: 1e-4, warmupSteps: -1 })).toThrow(
      /--lr_warmup_steps/,
    );
    expect(() => createLrSchedule({ name: 'cosine_with_restarts', baseLr: 1e-4, numCycles: 0 })).toThrow(
      /--lr_num_cycles/,
    );
  });
});

describe('learningRateAt', () => {
  it('is base lr times the multiplier; the first warmup step runs at 0 as in diffusers', () => {
    const config = createLrSchedule({ name: 'linear', baseLr: 2e-6, warmupSteps: 4, totalSteps: 8 });
    expect([0, 1, 2, 4, 6, 8].map((s) => learningRateAt(config, s))).toEqual([0, 5e-7, 1e-6, 2e-6, 1e-6, 0]);
    expect(() => learningRateAt(config, -1)).toThrow(/non-negative integer/);
  });
});
