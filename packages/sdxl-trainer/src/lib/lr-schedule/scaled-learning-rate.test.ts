import { scaledLearningRate } from './scaled-learning-rate.js';

describe('scaledLearningRate', () => {
  it('multiplies by accumulation, batch size and processes only with --scale_lr', () => {
    const input = { learningRate: 1e-6, gradientAccumulationSteps: 4, trainBatchSize: 2 };
    expect(scaledLearningRate({ ...input, scaleLr: false })).toBe(1e-6);
    expect(scaledLearningRate({ ...input, scaleLr: true })).toBeCloseTo(8e-6, 18);
    expect(scaledLearningRate({ ...input, scaleLr: true, numProcesses: 2 })).toBeCloseTo(1.6e-5, 18);
  });
});
