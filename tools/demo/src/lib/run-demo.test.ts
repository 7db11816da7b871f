// The README's main command, end to end: the real CLIs in child processes against the local network.
import { SHARED_DIR } from '@pixel-tools/test-support';
import { hashDirectory } from '@pixel/constraints';
import { formatDemoReport } from './format-demo-report.js';
import { runDemo } from './run-demo.js';
import type { DemoReport } from '../types.js';

/** Everything takes a few minutes on 2 shared cores. */
const DEMO_TIMEOUT = 15 * 60_000;

describe('the demo', () => {
  let report: DemoReport;

  beforeAll(async () => {
    report = await runDemo({ sharedDir: SHARED_DIR });
    console.log(formatDemoReport(report));
  }, DEMO_TIMEOUT);

  it('trains on the generated dataset and lowers the loss', () => {
    expect(report.dataset.samples).toBe(8);
    expect(report.validator.evaluationSamples).toBe(8);
    expect(report.training.steps).toBe(40);
    expect(report.training.lastSmoothedLoss).toBeLessThan(report.training.firstLoss);
    expect(report.training.check.trainedLoss).toBeLessThan(report.training.check.baseLoss);
    expect(report.training.check.worthPushing).toBe(true);
  });

  it('commits to the chain the hash of the repo a validator downloads, which it accepts', () => {
    const trained = report.validator.models.find((model) => model.uid === report.upload.uid)!;
    expect(trained.committed).toBe(report.upload.committed);
    expect(trained.hashOnChain).toBe(report.upload.hash);
    expect(trained.hashDownloaded).toBe(trained.hashOnChain);
    expect(trained.problems).toEqual([]);
    expect(report.upload.block).toBeGreaterThan(report.rival.block);
  });

  it('evaluates both models to finite losses and sets weights that sum to 1, the most on the better model', () => {
    const { models } = report.validator;
    expect(models.map((model) => model.uid).sort()).toEqual([report.rival.uid, report.upload.uid].sort());
    for (const model of models) {
      expect(Number.isFinite(model.averageLoss)).toBe(true);
      expect(model.winRate).toBeGreaterThanOrEqual(0);
    }
    // One competition with reward share 1: the step weights sum to 1; a first round's moving average (alpha 0.9) to 0.1.
    expect(report.validator.stepWeightsSum).toBeCloseTo(1, 9);
    expect(models.reduce((sum, model) => sum + model.stepWeight, 0)).toBeCloseTo(1, 9);
    expect(report.validator.weightsSum).toBeCloseTo(0.1, 9);
    for (const model of models) expect(model.weight).toBeCloseTo(0.1 * model.stepWeight, 12);
    const [better, worse] = [...models].sort((a, b) => b.winRate! - a.winRate!);
    expect(better!.weight).toBeGreaterThan(worse!.weight);
    // The chain stores u16 weights normalised so the largest is 65535.
    expect(better!.weightOnChain).toBe(65535);
    expect(worse!.weightOnChain).toBe(Math.round((worse!.weight / better!.weight) * 65535));
  });

  it('reports the stages, and cleans up after itself', () => {
    expect(report.stages.map((stage) => stage.name)).toHaveLength(8);
    expect(report.seconds).toBeGreaterThan(0);
    return expect(hashDirectory(report.dataset.dir)).rejects.toThrow();
  });
});
