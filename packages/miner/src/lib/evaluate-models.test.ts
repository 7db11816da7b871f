import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { computeWins, SCORING } from '@pixel/constraints';
import {
  cachePipelineInputs,
  DDPMScheduler,
  ModelConfigError,
  openImageFolder,
  selectBackend,
  UNet2DConditionModel,
  validatorLosses,
} from '@pixel/sdxl-trainer';
import { SHARED } from '@pixel-tools/test-support';
import { writeEvaluationDataset } from '../test-support/write-evaluation-dataset.js';
import { writeUnetVariant } from '../test-support/write-unet-variant.js';
import { writeUnetWithConfig } from '../test-support/write-unet-with-config.js';
import type { EvaluateModelsOptions, EvaluationProgress } from '../types/public.js';
import { evaluateModels } from './evaluate-models.js';

// The tiny pipeline's VAE downsamples 8x and its UNet 4x: 32 px crops give 4x4 latents.
const RESOLUTION = 32;
const ORIGINAL = path.join(SHARED.tinyPipeline, 'unet');

describe('evaluateModels', () => {
  let root: string;
  let base: Omit<EvaluateModelsOptions, 'candidates'>;
  /** conv_out zeroed: predicts no noise at all. */
  let zeroed: string;
  /** conv_out.bias moved by 1e-6: losses within epsilon of the original's. */
  let nudged: string;

  beforeAll(async () => {
    await selectBackend('cpu', { log: false });
    root = await mkdtemp(path.join(tmpdir(), 'pixel-evaluate-models-'));
    base = {
      dataDir: await writeEvaluationDataset(path.join(root, 'data'), 4),
      pipelineDir: SHARED.tinyPipeline,
      cacheDir: path.join(root, 'cache'),
      resolution: RESOLUTION,
      maxSamples: 3,
    };
    zeroed = await writeUnetVariant(ORIGINAL, path.join(root, 'zeroed'), (name, values) => {
      if (name.startsWith('conv_out.')) values.fill(0);
    });
    nudged = await writeUnetVariant(ORIGINAL, path.join(root, 'nudged'), (name, values) => {
      if (name === 'conv_out.bias') values.forEach((value, i) => (values[i] = value + 1e-6));
    });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("gives validatorLosses' per-sample losses and computeWins' win rates, the same on every run", async () => {
    const progress: EvaluationProgress[] = [];
    const candidates = [
      { label: 'uid 1', unetDir: SHARED.tinyPipeline, uid: 1, block: 10 },
      { label: './zeroed', unetDir: zeroed },
    ];
    const report = await evaluateModels({
      ...base,
      candidates,
      onProgress: (event) => progress.push(event),
    });

    // The validator's recipe by hand: shuffle with seed 1, random crop with seed 1, same noise for both.
    const dataset = await openImageFolder({ directory: base.dataDir, maxTrainSamples: 3, seed: 1 });
    const [inputs] = await cachePipelineInputs(
      {
        pipelineDir: SHARED.tinyPipeline,
        // The same cache folder: entries are keyed by content, so other crops would miss and be encoded anew.
        cacheDir: base.cacheDir,
        resolution: RESOLUTION,
      },
      [{ dataset, seed: 1, centerCrop: false, randomFlip: false, proportionEmptyPrompts: 0 }],
    );
    await dataset.close();
    const scheduler = await DDPMScheduler.fromPretrained(SHARED.tinyPipeline, { subfolder: 'scheduler' });
    const direct: number[][] = [];
    for (const dir of [ORIGINAL, zeroed]) {
      const unet = await UNet2DConditionModel.fromPretrained(dir);
      direct.push(await validatorLosses({ unet, scheduler, inputs: inputs! }));
      unet.dispose();
    }
    const wins = computeWins(
      [1, 2],
      { 1: direct[0]!, 2: direct[1]! },
      { 1: 10, 2: 11 },
      SCORING.timestampEpsilon,
    );

    expect(report).toMatchObject({ samples: 3, resolution: RESOLUTION, epsilon: SCORING.timestampEpsilon });
    expect(report.models.map(({ label, uid, block }) => ({ label, uid, block }))).toEqual([
      { label: 'uid 1', uid: 1, block: 10 },
      { label: './zeroed', uid: undefined, block: undefined },
    ]);
    expect(report.models.map(({ losses }) => losses)).toEqual(direct);
    expect(report.models[0]!.losses).not.toEqual(report.models[1]!.losses);
    expect(report.models.map(({ winRate }) => winRate)).toEqual([wins.winRate.get(1), wins.winRate.get(2)]);
    expect(report.models.map(({ wins }) => wins)).toEqual([wins.wins.get(1), wins.wins.get(2)]);
    report.models.forEach(({ losses, averageLoss }) =>
      expect(averageLoss).toBeCloseTo(losses.reduce((a, b) => a + b) / 3, 12),
    );
    const best = report.models[0]!.winRate >= report.models[1]!.winRate ? 'uid 1' : './zeroed';
    expect(report.best).toBe(best);

    expect(progress.filter(({ stage }) => stage === 'cache').map(({ done }) => done)).toEqual([1, 2, 3]);
    expect(progress.filter(({ stage }) => stage === 'evaluate')).toEqual(
      ['uid 1', './zeroed'].flatMap((label) =>
        [1, 2, 3].map((done) => ({ stage: 'evaluate', label, done, total: 3 })),
      ),
    );

    // A second run reads the cache and meets the same noise: the same report.
    expect(await evaluateModels({ ...base, candidates })).toEqual(report);
  });

  it('lets the earlier commitment win a near-tie, whichever model it is', async () => {
    const original = { label: 'original', unetDir: ORIGINAL };
    const copy = { label: 'nudged', unetDir: nudged };
    const first = await evaluateModels({
      ...base,
      candidates: [
        { ...original, block: 5 },
        { ...copy, block: 6 },
      ],
    });
    const [a, b] = first.models;
    // A near-tie: every sample's losses differ, by less than epsilon.
    a!.losses.forEach((loss, i) => {
      expect(b!.losses[i]).not.toBe(loss);
      expect(Math.abs(b!.losses[i]! - loss)).toBeLessThan(SCORING.timestampEpsilon * loss);
    });
    expect(first.models.map(({ winRate }) => winRate)).toEqual([1, 0]);
    expect(first.best).toBe('original');

    const swapped = await evaluateModels({
      ...base,
      candidates: [
        { ...original, block: 6 },
        { ...copy, block: 5 },
      ],
    });
    expect(swapped.models.map(({ winRate }) => winRate)).toEqual([0, 1]);
    expect(swapped.best).toBe('nudged');

    // Without epsilon the lower loss wins each sample, whatever the blocks.
    const plain = await evaluateModels({
      ...base,
      epsilon: 0,
      candidates: [
        { ...original, block: 5 },
        { ...copy, block: 6 },
      ],
    });
    const lower = a!.losses.filter((loss, i) => loss < b!.losses[i]!).length;
    expect(plain.models.map(({ wins }) => wins)).toEqual([lower, 3 - lower]);
  });

  it('says an uncommitted copy of a committed model is not worth pushing, and why', async () => {
    const report = await evaluateModels({
      ...base,
      candidates: [
        { label: 'uid 4', unetDir: ORIGINAL, uid: 4, block: 100 },
        { label: 'my copy', unetDir: nudged },
      ],
    });
    expect(report.models.map(({ winRate }) => winRate)).toEqual([1, 0]);
    expect(report.verdicts).toHaveLength(1);
    const [verdict] = report.verdicts;
    expect(verdict).toMatchObject({ label: 'my copy', worthPushing: false });
    const rival = report.models[0]!.averageLoss;
    expect(verdict!.reason).toContain('0.0% vs 100.0% for uid 4');
    expect(verdict!.reason).toContain(`below ${((1 - SCORING.timestampEpsilon) * rival).toPrecision(6)}`);
    expect(verdict!.reason).toContain(`margin of ${(SCORING.timestampEpsilon * rival).toPrecision(6)}`);
  });

  it('judges each uncommitted candidate alone against the committed ones', async () => {
    const report = await evaluateModels({
      ...base,
      candidates: [
        { label: 'zeroed', unetDir: zeroed },
        { label: 'uid 2', unetDir: ORIGINAL, uid: 2, block: 7 },
        { label: 'nudged', unetDir: nudged },
      ],
    });
    const [zeroedModel, committed, nudgedModel] = report.models;
    // The two uncommitted ones play with equal blocks among themselves, after block 7.
    const all = computeWins(
      [0, 1, 2],
      report.models.map(({ losses }) => losses),
      { 0: 8, 1: 7, 2: 8 },
      SCORING.timestampEpsilon,
    );
    expect(report.models.map(({ winRate }) => winRate)).toEqual([0, 1, 2].map((i) => all.winRate.get(i)));
    // Alone against uid 2, the zeroed model wins exactly the samples where its loss is clearly lower.
    const clearlyLower = zeroedModel!.losses.filter(
      (loss, i) => loss < (1 - SCORING.timestampEpsilon) * committed!.losses[i]!,
    ).length;
    expect(report.verdicts.map(({ label, worthPushing }) => ({ label, worthPushing }))).toEqual([
      { label: 'zeroed', worthPushing: clearlyLower > 3 - clearlyLower },
      { label: 'nudged', worthPushing: false },
    ]);
    expect(nudgedModel!.winRate).toBeLessThan(committed!.winRate);

    const alone = await evaluateModels({ ...base, candidates: [{ label: 'zeroed', unetDir: zeroed }] });
    expect(alone.models[0]).toMatchObject({ winRate: 0, wins: 0, losses: zeroedModel!.losses });
    expect(alone.verdicts).toEqual([
      {
        label: 'zeroed',
        worthPushing: true,
        reason: expect.stringContaining('no committed model') as string,
      },
    ]);
  });

  it('names the model or the folder at fault', async () => {
    const missing = path.join(root, 'missing');
    await expect(
      evaluateModels({ ...base, candidates: [{ label: 'gone', unetDir: missing }] }),
    ).rejects.toThrow(`Model "gone": No UNet in ${missing}`);

    const wide = path.join(root, 'wide');
    await mkdir(wide, { recursive: true });
    const config = JSON.parse(await readFile(path.join(ORIGINAL, 'config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    await writeFile(
      path.join(wide, 'config.json'),
      JSON.stringify({ ...config, in_channels: 8, cross_attention_dim: 2048 }),
    );
    await expect(evaluateModels({ ...base, candidates: [{ label: 'wide', unetDir: wide }] })).rejects.toThrow(
      `Model "wide" (${wide}) does not fit the pipeline's inputs: it takes 8 input channels, the VAE's latents have 4; ` +
        "its cross_attention_dim is 2048, the text encoders' embeddings are 96 wide.",
    );
    await expect(
      evaluateModels({ ...base, resolution: 40, candidates: [{ label: 'uid 1', unetDir: ORIGINAL }] }),
    ).rejects.toThrow('cannot divide the 5x5 latents of resolution 40; use a multiple of 32');

    // A crafted config (the billion layers) is refused by field before the caching pass starts.
    const crafted = await writeUnetWithConfig(path.join(root, 'crafted'), { layers_per_block: 1e9 });
    const freshCache = path.join(root, 'fresh-cache');
    const refusal = evaluateModels({
      ...base,
      cacheDir: freshCache,
      candidates: [
        { label: 'uid 1', unetDir: ORIGINAL },
        { label: 'crafted', unetDir: crafted },
      ],
    });
    await expect(refusal).rejects.toBeInstanceOf(ModelConfigError);
    await expect(refusal).rejects.toThrow(
      `Invalid UNet config ${path.join(crafted, 'config.json')}: "layers_per_block" is 1000000000; allowed: an integer from 1 to 8`,
    );
    await expect(stat(freshCache)).rejects.toMatchObject({ code: 'ENOENT' });

    await expect(
      evaluateModels({ ...base, dataDir: missing, candidates: [{ label: 'uid 1', unetDir: ORIGINAL }] }),
    ).rejects.toThrow(`Dataset folder ${missing} does not exist`);
    await expect(
      evaluateModels({
        ...base,
        candidates: [
          { label: 'same', unetDir: ORIGINAL },
          { label: 'same', unetDir: zeroed },
        ],
      }),
    ).rejects.toThrow('Two candidates are labelled "same"');
    await expect(evaluateModels({ ...base, candidates: [] })).rejects.toThrow('No model to evaluate');
  });
});
