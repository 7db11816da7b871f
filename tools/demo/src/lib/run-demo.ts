import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDevnet, type Devnet } from '@pixel-tools/devnet';
import { startLocalHub, type LocalHub } from '@pixel-tools/local-hub';
import { generateRecordSeeds, startVisionSource, type RunningVisionSource } from '@pixel-tools/vision-source';
import {
  connectSubtensor,
  createWallet,
  getModelMetadata,
  getUidForHotkey,
  type Subtensor,
} from '@pixel/chain';
import type { EvaluationReport } from '@pixel/miner';
import { selectBackend } from '@pixel/sdxl-trainer';
import type { DemoOptions, DemoReport, DemoStage } from '../types.js';
import { runPixelCommand, type PixelBinary } from './run-pixel-command.js';
import { runValidatorRound } from './run-validator-round.js';

const MINER_TOKEN = 'hf_demo_miner';
const RIVAL_TOKEN = 'hf_demo_rival';
const MINER_REPO = 'miner/sdxl-m6-demo';
const RIVAL_REPO = 'rival/sdxl-m6-base';

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
  const log = options.log ?? (() => undefined);
  const trainSteps = options.trainSteps ?? 40;
  const resolution = options.resolution ?? 64;
  const grids = options.grids ?? 2;
  const pipelineDir = path.join(options.sharedDir, 'fixtures/tiny-sdxl-pipe');
  const chainSpec = path.join(options.sharedDir, 'chain/subtensor-runtime-spec218.json');
  const work = options.workDir
    ? path.resolve(options.workDir)
    : await mkdtemp(path.join(tmpdir(), 'pixel-demo-'));
  await mkdir(work, { recursive: true });
  const stages: DemoStage[] = [];
  const stage = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    log(`== ${name}`);
    const stageStarted = performance.now();
    const result = await run();
    stages.push({ name, seconds: (performance.now() - stageStarted) / 1000 });
    return result;
  };

  let devnet: Devnet | undefined;
  let hub: LocalHub | undefined;
  let vision: RunningVisionSource | undefined;
  let subtensor: Subtensor | undefined;
  try {
    const walletsDir = path.join(work, 'wallets');
    const [miner, rival] = await Promise.all(
      ['miner', 'rival'].map((name) => createWallet({ path: walletsDir, name, hotkey: 'default' })),
    );
    [devnet, hub, vision] = await stage('start the local chain, Hub and image store', () =>
      Promise.all([
        startDevnet({ specPath: chainSpec, hotkeys: [rival!.hotkey.address, miner!.hotkey.address] }),
        startLocalHub({
          dir: path.join(work, 'hub'),
          users: [
            { name: 'miner', token: MINER_TOKEN },
            { name: 'rival', token: RIVAL_TOKEN },
          ],
        }),
        // Every fourth generated record is Midjourney 5.2, which the miner filters out.
        startVisionSource({ count: grids + Math.ceil(grids / 3) }),
      ]),
    );
    const network = { devnet, hub, vision };
    log(`chain ${devnet.endpoint} (subnet ${devnet.netuid}), Hub ${hub.url}, image store ${vision.url}`);
    subtensor = await connectSubtensor({ endpoint: devnet.endpoint });
    const baseEnv = {
      PATH: process.env.PATH,
      HOME: work,
      HF_ENDPOINT: hub.url,
      PIXEL_VISION_SOURCE_URL: vision.url,
      PIXEL_LOG_LEVEL: 'info',
    };
    const run = (binary: PixelBinary, args: string[], token?: string) => {
      log(`$ ${binary} ${args.join(' ')}`);
      return runPixelCommand(binary, args, {
        cwd: work,
        env: { ...baseEnv, ...(token ? { HF_ACCESS_TOKEN: token } : {}) },
        log: (line) => log(`  ${line}`),
      });
    };
    /** `pixel-upload` as `wallet` (whose Hub user has the same name), then its commitment and uid as read from the chain. */
    const upload = async (wallet: 'miner' | 'rival', modelDir: string, repo: string, token: string) => {
      // prettier-ignore
      await run('pixel-upload', [
        '--load_model_dir', modelDir, '--hf_repo_id', repo, '--competition_id', 'm6',
        '--wallet.path', walletsDir, '--wallet.name', wallet, '--wallet.hotkey', 'default',
        '--subtensor.chain_endpoint', network.devnet.endpoint, '--netuid', String(network.devnet.netuid),
      ], token);
      const hotkey = (wallet === 'miner' ? miner : rival)!.hotkey.address;
      return {
        commitment: (await getModelMetadata(subtensor!, network.devnet.netuid, hotkey))!,
        uid: (await getUidForHotkey(subtensor!, network.devnet.netuid, hotkey))!,
      };
    };

    const { commitment: rivalCommit, uid: rivalUid } = await stage(
      'a rival commits the untrained base UNet first (pixel-upload)',
      () => upload('rival', pipelineDir, RIVAL_REPO, RIVAL_TOKEN),
    );

    const datasetDir = path.join(work, 'miner', 'dataset');
    await stage('build the dataset (pixel dataset generate)', () =>
      run('pixel', ['dataset', 'generate', '--num-samples', String(grids), '--output', datasetDir, '--yes']),
    );
    const datasetSamples =
      (await readFile(path.join(datasetDir, 'metadata.csv'), 'utf8')).trim().split('\n').length - 1;

    const modelDir = path.join(work, 'miner', 'sdxl-model-finetuned');
    const cacheDir = path.join(work, 'cache');
    await stage(`fine-tune the tiny SDXL UNet, ${trainSteps} steps at ${resolution} px (pixel-train)`, () =>
      // prettier-ignore
      run('pixel-train', [
        // The seed's command line, scaled down for a CPU demo.
        '--pretrained_model_name_or_path', pipelineDir,
        '--train_data_dir', datasetDir,
        '--image_column', 'image',
        '--caption_column', 'text',
        '--learning_rate', '1e-3',
        '--noise_offset', '0.1',
        '--snr_gamma', '5',
        '--train_batch_size', '1',
        '--max_train_steps', String(trainSteps),
        '--resolution', String(resolution),
        '--lr_warmup_steps', '0',
        '--checkpointing_steps', String(Math.max(1, Math.floor(trainSteps / 2))),
        '--seed', '42',
        '--output_dir', modelDir,
        '--cache_dir', cacheDir,
      ]),
    );
    // --logging_dir defaults to <output_dir>/logs.
    const metrics = (await readFile(path.join(modelDir, 'logs', 'metrics.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { step?: number; loss?: number; smoothed_loss?: number });
    const steps = metrics.filter((line) => line.loss !== undefined);

    const check = await stage('check it beats the current best (pixel model eval)', async () => {
      // prettier-ignore
      const json = await run('pixel', [
        'model', 'eval',
        '--model', modelDir,
        '--model', `uid:${rivalUid}`,
        '--data_dir', datasetDir,
        '--pretrained_model_name_or_path', pipelineDir,
        '--pretrained_vae_model_name_or_path', path.join(pipelineDir, 'vae'),
        '--resolution', String(resolution),
        '--cache_dir', cacheDir,
        '--subtensor.chain_endpoint', network.devnet.endpoint,
        '--netuid', String(network.devnet.netuid),
        '--json',
      ]);
      return JSON.parse(json) as EvaluationReport;
    });
    const trainedEval = check.models.find((model) => model.uid === undefined)!;
    const baseEval = check.models.find((model) => model.uid === rivalUid)!;
    const checkVerdict = check.verdicts.find((verdict) => verdict.label === trainedEval.label)!;

    const { commitment: minerCommit, uid: minerUid } = await stage(
      'publish it (pixel-upload: private upload, hash, chain commit, public)',
      () => upload('miner', modelDir, MINER_REPO, MINER_TOKEN),
    );

    const validatorData = path.join(work, 'validator', 'dataset');
    await stage('new images arrive; the validator fetches them (pixel dataset generate)', async () => {
      // As many fresh grids as the miner trained on: the newest `grids` records are exactly these.
      network.vision.publish(
        generateRecordSeeds(grids).map((seed, index) => ({
          prompt: `fresh ${index}: ${seed.prompt.replace(/--v [\d.]+/, '--v 6')}`,
        })),
      );
      await run('pixel', [
        'dataset',
        'generate',
        '--num-samples',
        String(grids),
        '--output',
        validatorData,
        '--yes',
      ]);
    });
    await selectBackend('auto', { log });
    const validator = await stage(
      'the validator round: commitments, download, verify, evaluate, weights',
      () =>
        runValidatorRound({
          subtensor: subtensor!,
          netuid: network.devnet.netuid,
          hotkey: network.devnet.accounts.ownerHotkey,
          hubUrl: network.hub.url,
          dataDir: validatorData,
          pipelineDir,
          downloadDir: path.join(work, 'validator', 'models'),
          cacheDir,
          resolution,
          log,
        }),
    );
    const winner = validator.models.reduce((best, model) => (model.weight > best.weight ? model : best));
    const trainedRound = validator.models.find((model) => model.uid === minerUid);
    const rivalRound = validator.models.find((model) => model.uid === rivalUid);
    return {
      seconds: (performance.now() - started) / 1000,
      stages,
      dataset: { dir: datasetDir, samples: datasetSamples },
      training: {
        baseModel: pipelineDir,
        steps: steps.length,
        resolution,
        firstLoss: steps[0]!.loss!,
        lastSmoothedLoss: steps.at(-1)!.smoothed_loss!,
        check: {
          baseLoss: baseEval.averageLoss,
          trainedLoss: trainedEval.averageLoss,
          worthPushing: checkVerdict.worthPushing,
          reason: checkVerdict.reason,
        },
      },
      upload: {
        // pixel-upload puts each model in a repo of its own (MINER_REPO plus its content hash): the chain says which.
        repo: minerCommit.modelId.repoId,
        commit: minerCommit.modelId.commit!,
        hash: minerCommit.modelId.hash!,
        committed: minerCommit.modelId.toCompressedString(),
        block: minerCommit.block,
        uid: minerUid,
      },
      rival: { repo: rivalCommit.modelId.repoId, uid: rivalUid, block: rivalCommit.block },
      validator,
      verdict:
        `The validator accepted ${validator.models.filter((m) => m.problems.length === 0).length} of ${validator.models.length} models; ` +
        `the trained model (uid ${minerUid}) scored ${trainedRound?.averageLoss?.toFixed(4)} against the base model's ` +
        `${rivalRound?.averageLoss?.toFixed(4)} (uid ${rivalUid}, committed earlier) and ` +
        `uid ${winner.uid} gets the largest weight (${winner.weight.toFixed(4)}).`,
    };
  } finally {
    await subtensor?.disconnect().catch(() => undefined);
    await Promise.allSettled([devnet?.stop(), hub?.stop(), vision?.stop()]);
    if (!options.keep) await rm(work, { recursive: true, force: true });
  }
}
