import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeMiniPipeline } from '../../test-support/write-mini-pipeline.js';
import { AdamW } from '../optim/adamw.js';
import { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import { DamagedCheckpointError } from './damaged-checkpoint-error.js';
import { EmaModel } from './ema-model.js';
import { loadTrainingCheckpoint } from './load-training-checkpoint.js';
import { readTrainingState } from './read-training-state.js';
import { resolveResumeCheckpoint } from './resolve-resume-checkpoint.js';
import { saveTrainingCheckpoint } from './save-training-checkpoint.js';

let root: string;
let outputDir: string;
let unet: UNet2DConditionModel;
let optimizer: AdamW;
let ema: EmaModel;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pixel-resume-checkpoint-'));
  const pipeline = await writeMiniPipeline(path.join(root, 'pipeline'));
  unet = await UNet2DConditionModel.fromPretrained(pipeline, { subfolder: 'unet' });
  optimizer = new AdamW(unet.trainableVariables(), { learningRate: 1e-3 });
  ema = new EmaModel(unet.trainableVariables());
  outputDir = path.join(root, 'out');
  for (const globalStep of [1, 2, 3]) {
    await saveTrainingCheckpoint({
      outputDir,
      unet,
      optimizer,
      ema,
      state: {
        format: 1,
        globalStep,
        seed: 7,
        smoothedLoss: 0.5,
        emaOptimizationStep: globalStep,
        datasetLength: 4,
        maxTrainSteps: 10,
      },
    });
  }
}, 60_000);
afterAll(async () => {
  [unet, optimizer, ema].forEach((part) => part?.dispose());
  await rm(root, { recursive: true, force: true });
});

const checkpoint = (step: number) => path.join(outputDir, `checkpoint-${step}`);

/** Cuts a file in half, as a full disk or an interrupted copy leaves it. */
async function halve(file: string): Promise<void> {
  await truncate(file, Math.floor((await stat(file)).size / 2));
}

function wayOut(dir: string): string {
  return (
    `Delete ${dir} and run again with --resume_from_checkpoint latest (it takes the newest intact ` +
    'checkpoint), or pass another checkpoint-<step> folder to --resume_from_checkpoint.'
  );
}

describe('resolveResumeCheckpoint with damaged checkpoints', () => {
  it('latest skips truncated newer checkpoints with a warning naming the file; a named one says what to do', async () => {
    expect(await resolveResumeCheckpoint(outputDir, 'latest')).toBe(checkpoint(3));

    const optimizerFile = path.join(checkpoint(3), 'optimizer.safetensors');
    await halve(optimizerFile);
    const unetFile = path.join(checkpoint(2), 'unet', 'diffusion_pytorch_model.safetensors');
    await halve(unetFile);
    const warnings: string[] = [];
    const resumed = await resolveResumeCheckpoint(outputDir, 'latest', {
      onWarning: (message) => warnings.push(message),
    });
    expect(resumed).toBe(checkpoint(1));
    const truncated = 'is truncated: it ends before the tensor data its header lists';
    expect(warnings).toEqual([
      `Skipping ${checkpoint(3)}: ${optimizerFile} ${truncated}. Resuming from the newest intact checkpoint before it; delete ${checkpoint(3)} once you no longer need it.`,
      `Skipping ${checkpoint(2)}: ${unetFile} ${truncated}. Resuming from the newest intact checkpoint before it; delete ${checkpoint(2)} once you no longer need it.`,
    ]);

    // Named explicitly, a damaged checkpoint is an error that names the file and the way out.
    for (const [dir, file] of [
      [checkpoint(3), optimizerFile],
      [checkpoint(2), unetFile],
    ] as const) {
      const error = await resolveResumeCheckpoint(outputDir, dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DamagedCheckpointError);
      expect((error as Error).message).toBe(
        `Cannot resume from ${dir}: ${file} ${truncated}. ${wayOut(dir)}`,
      );
    }

    // The loader, handed a damaged checkpoint anyway, says the same (not "Download it again").
    const state = await readTrainingState(checkpoint(3));
    await expect(loadTrainingCheckpoint(checkpoint(3), state, { unet, optimizer, ema })).rejects.toThrow(
      `Cannot resume from ${checkpoint(3)}: ${optimizerFile} ${truncated}. ${wayOut(checkpoint(3))}`,
    );

    // When every checkpoint is damaged, latest refuses instead of silently starting over.
    const stateFile = path.join(checkpoint(1), 'training_state.json');
    await writeFile(stateFile, '{"format": 1, "globalSt');
    const none = await resolveResumeCheckpoint(outputDir, 'latest').catch((e: unknown) => e);
    expect((none as Error).message).toMatch(
      new RegExp(
        `^--resume_from_checkpoint latest: every checkpoint in ${outputDir} is damaged \\(.*${stateFile} is not valid JSON \\(.*\\): it is cut off or corrupt\\)\\. Delete those checkpoint folders to start a new run there, or choose another --output_dir\\.$`,
      ),
    );
    await expect(readTrainingState(checkpoint(1))).rejects.toThrow(wayOut(checkpoint(1)));
  }, 60_000);
});
