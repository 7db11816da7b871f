import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateRecordSeeds } from '@pixel-tools/vision-source';
import type { ModelMetadata } from '@pixel/chain';
import type { EvaluationReport } from '@pixel/miner';
import { selectBackend } from '@pixel/sdxl-trainer';
import type { DemoOptions, DemoReport, DemoStage, ValidatorRound } from '../types.js';
import { runValidatorRound } from './run-validator-round.js';
import { startDemoNetwork, type DemoNetwork } from './start-demo-network.js';

const MINER_REPO = 'miner/sdxl-m6-demo';
const RIVAL_REPO = 'rival/sdxl-m6-base';

/** The options with their defaults, and where everything goes. */
interface DemoSettings {
  work: string;
  /** The tiny SDXL pipeline the miner trains and everyone evaluates with. */
  pipelineDir: string;
  chainSpec: string;
  trainSteps: number;
  resolution: number;
  grids: number;
  /** Latents and prompt embeddings (training and evaluation) and Hub downloads. */
  cacheDir: string;
  log: (line: string) => void;
}

/** A commitment read back from the chain after `pixel-upload`. */
type Committed = { commitment: ModelMetadata; uid: number };

/**
 * The miner's whole loop on a local network, with the real commands: start the local chain (the
 * subtensor runtime under chopsticks), the local Hub and the local image store; a rival commits the
 * untrained base UNet first; the miner runs `pixel dataset generate`, `pixel-train` on the tiny SDXL
 * pipeline, checks with `pixel model eval` that the result beats the rival, and publishes it with
 * `pixel-upload`; new images arrive and a validator runs its round (read commitments, download, verify,
 * evaluate, weights on chain). Everything started is stopped, also on failure.
 */
export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const started = performance.now();
  const settings = await demoSettings(options);
  const { work, log } = settings;
  const stages: DemoStage[] = [];
  const stage = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    log(`== ${name}`);
    const stageStarted = performance.now();
    const result = await run();
    stages.push({ name, seconds: (performance.now() - stageStarted) / 1000 });
    return result;
  };
  let network: DemoNetwork | undefined;
  try {
    const net = await stage('start the local chain, Hub and image store', () =>
      startDemoNetwork({ work, chainSpec: settings.chainSpec, grids: settings.grids, log }),
    );
    network = net;
    const rival = await stage('a rival commits the untrained base UNet first (pixel-upload)', () =>
      net.upload('rival', settings.pipelineDir, RIVAL_REPO),
    );
    const datasetDir = path.join(work, 'miner', 'dataset');
    const datasetSamples = await stage('build the dataset (pixel dataset generate)', () =>
      generateDataset(net, datasetDir, settings.grids),
    );
    const modelDir = path.join(work, 'miner', 'sdxl-model-finetuned');
    const { trainSteps, resolution } = settings;
    const losses = await stage(
      `fine-tune the tiny SDXL UNet, ${trainSteps} steps at ${resolution} px (pixel-train)`,
      () => trainModel(net, settings, datasetDir, modelDir),
    );
    const check = await stage('check it beats the current best (pixel model eval)', () =>
      checkModel(net, settings, { modelDir, datasetDir, rivalUid: rival.uid }),
    );
    const miner = await stage('publish it (pixel-upload: private upload, hash, chain commit, public)', () =>
      net.upload('miner', modelDir, MINER_REPO),
    );
    const validatorData = path.join(work, 'validator', 'dataset');
    await stage('new images arrive; the validator fetches them (pixel dataset generate)', () =>
      fetchFreshImages(net, validatorData, settings.grids),
    );
    await selectBackend('auto', { log });
    const validator = await stage(
      'the validator round: commitments, download, verify, evaluate, weights',
      () =>
        runValidatorRound({
          subtensor: net.subtensor,
          netuid: net.devnet.netuid,
          hotkey: net.devnet.accounts.ownerHotkey,
          hubUrl: net.hub.url,
          dataDir: validatorData,
          pipelineDir: settings.pipelineDir,
          downloadDir: path.join(work, 'validator', 'models'),
          cacheDir: settings.cacheDir,
          resolution,
          log,
        }),
    );
    return {
      seconds: (performance.now() - started) / 1000,
      stages,
      dataset: { dir: datasetDir, samples: datasetSamples },
      training: {
        baseModel: settings.pipelineDir,
        steps: losses.length,
        resolution,
        firstLoss: losses[0]!.loss!,
        lastSmoothedLoss: losses.at(-1)!.smoothed_loss!,
        check,
      },
      ...chainResults(rival, miner, validator),
    };
  } finally {
    await network?.stop();
    if (!options.keep) await rm(work, { recursive: true, force: true });
  }
}

async function demoSettings(options: DemoOptions): Promise<DemoSettings> {
  const work = options.workDir
    ? path.resolve(options.workDir)
    : await mkdtemp(path.join(tmpdir(), 'pixel-demo-'));
  await mkdir(work, { recursive: true });
  return {
    work,
    pipelineDir: path.join(options.sharedDir, 'fixtures/tiny-sdxl-pipe'),
    chainSpec: path.join(options.sharedDir, 'chain/subtensor-runtime-spec218.json'),
    trainSteps: options.trainSteps ?? 40,
    resolution: options.resolution ?? 64,
    grids: options.grids ?? 2,
    cacheDir: path.join(work, 'cache'),
    log: options.log ?? (() => undefined),
  };
}

/** `pixel dataset generate` of `grids` grids into `dir`; the number of samples it wrote. */
async function generateDataset(network: DemoNetwork, dir: string, grids: number): Promise<number> {
  // prettier-ignore
  await network.run('pixel', ['dataset', 'generate', '--num-samples', String(grids), '--output', dir, '--yes']);
  return (await readFile(path.join(dir, 'metadata.csv'), 'utf8')).trim().split('\n').length - 1;
}

/** As many fresh grids as the miner trained on reach the store; the newest `grids` records are exactly these. */
async function fetchFreshImages(network: DemoNetwork, dir: string, grids: number): Promise<void> {
  network.vision.publish(
    generateRecordSeeds(grids).map((seed, index) => ({
      prompt: `fresh ${index}: ${seed.prompt.replace(/--v [\d.]+/, '--v 6')}`,
    })),
  );
  await generateDataset(network, dir, grids);
}

/** The training loss of each step, as `pixel-train` logged it. */
type StepLoss = { step?: number; loss?: number; smoothed_loss?: number };

/** `pixel-train` with the seed's command line, scaled down for a CPU demo; the losses it logged. */
async function trainModel(
  network: DemoNetwork,
  settings: DemoSettings,
  datasetDir: string,
  modelDir: string,
): Promise<StepLoss[]> {
  // prettier-ignore
  await network.run('pixel-train', [
    '--pretrained_model_name_or_path', settings.pipelineDir,
    '--train_data_dir', datasetDir,
    '--image_column', 'image',
    '--caption_column', 'text',
    '--learning_rate', '1e-3',
    '--noise_offset', '0.1',
    '--snr_gamma', '5',
    '--train_batch_size', '1',
    '--max_train_steps', String(settings.trainSteps),
    '--resolution', String(settings.resolution),
    '--lr_warmup_steps', '0',
    '--checkpointing_steps', String(Math.max(1, Math.floor(settings.trainSteps / 2))),
    '--seed', '42',
    '--output_dir', modelDir,
    '--cache_dir', settings.cacheDir,
  ]);
  // --logging_dir defaults to <output_dir>/logs.
  return (await readFile(path.join(modelDir, 'logs', 'metrics.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as StepLoss)
    .filter((line) => line.loss !== undefined);
}

/** `pixel model eval` of the trained model against the rival's commitment, on the miner's own images. */
async function checkModel(
  network: DemoNetwork,
  settings: DemoSettings,
  { modelDir, datasetDir, rivalUid }: { modelDir: string; datasetDir: string; rivalUid: number },
): Promise<DemoReport['training']['check']> {
  // prettier-ignore
  const json = await network.run('pixel', [
    'model', 'eval',
    '--model', modelDir,
    '--model', `uid:${rivalUid}`,
    '--data_dir', datasetDir,
    '--pretrained_model_name_or_path', settings.pipelineDir,
    '--pretrained_vae_model_name_or_path', path.join(settings.pipelineDir, 'vae'),
    '--resolution', String(settings.resolution),
    '--cache_dir', settings.cacheDir,
    '--subtensor.chain_endpoint', network.devnet.endpoint,
    '--netuid', String(network.devnet.netuid),
    '--json',
  ]);
  const report = JSON.parse(json) as EvaluationReport;
  const trained = report.models.find((model) => model.uid === undefined)!;
  const verdict = report.verdicts.find(({ label }) => label === trained.label)!;
  return {
    baseLoss: report.models.find((model) => model.uid === rivalUid)!.averageLoss,
    trainedLoss: trained.averageLoss,
    worthPushing: verdict.worthPushing,
    reason: verdict.reason,
  };
}

/** The miner's upload, the rival, and what the validator concluded, as the report tells them. */
function chainResults(
  rival: Committed,
  miner: Committed,
  validator: ValidatorRound,
): Pick<DemoReport, 'upload' | 'rival' | 'validator' | 'verdict'> {
  const { modelId } = miner.commitment;
  const winner = validator.models.reduce((best, model) => (model.weight > best.weight ? model : best));
  const trainedRound = validator.models.find((model) => model.uid === miner.uid);
  const rivalRound = validator.models.find((model) => model.uid === rival.uid);
  return {
    upload: {
      // pixel-upload puts each model in a repo of its own (MINER_REPO plus its content hash): the chain says which.
      repo: modelId.repoId,
      commit: modelId.commit!,
      hash: modelId.hash!,
      committed: modelId.toCompressedString(),
      block: miner.commitment.block,
      uid: miner.uid,
    },
    rival: { repo: rival.commitment.modelId.repoId, uid: rival.uid, block: rival.commitment.block },
    validator,
    verdict:
      `The validator accepted ${validator.models.filter((m) => m.problems.length === 0).length} of ${validator.models.length} models; ` +
      `the trained model (uid ${miner.uid}) scored ${trainedRound?.averageLoss?.toFixed(4)} against the base model's ` +
      `${rivalRound?.averageLoss?.toFixed(4)} (uid ${rival.uid}, committed earlier) and ` +
      `uid ${winner.uid} gets the largest weight (${winner.weight.toFixed(4)}).`,
  };
}
