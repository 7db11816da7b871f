import {
  appendFile,
  chmod,
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalHub } from '@pixel-tools/local-hub';
import { SHARED, tinyDiskCommand, unprivilegedUser } from '@pixel-tools/test-support';
import { getMetagraph, getModelMetadata } from '@pixel/chain';
import { uploadModel } from '@pixel/hub';
import { Actions } from '@pixel/miner';
import { setLocalSubnetIdentity, useLocalChainAndHub } from '@pixel/miner/test-support';
import {
  loadSafetensors,
  readUnetConfig,
  selectBackend,
  TRAIN_OPTION_SPECS,
  UNet2DConditionModel,
} from '@pixel/sdxl-trainer';
import { writeTrainingFolder } from '@pixel/sdxl-trainer/test-support';
import { runCli } from '../cli.js';
import { captureStream } from '../test-support/capture-stream.js';
import { runPixel } from '../test-support/run-pixel.js';
import { spawnPixel } from '../test-support/spawn-pixel.js';

const FIXTURE = SHARED.tinyPipeline;
const HUB_TOKEN = 'hf_local_miner';

/** The messages of the JSON log lines pixel writes to a non-terminal stderr. */
function logMessages(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => (JSON.parse(line) as { msg: string }).msg)
    .join('\n');
}

// The seed's example (../shared/seed/miner.md), verbatim after the script name.
const SEED_COMMAND = [
  '--pretrained_model_name_or_path',
  'stabilityai/stable-diffusion-xl-base-1.0',
  '--train_data_dir',
  'preprocessed_images',
  '--image_column',
  'image',
  '--caption_column',
  'text',
  '--learning_rate',
  '2e-6',
  '--noise_offset',
  '0.1',
  '--snr_gamma',
  '5',
  '--train_batch_size',
  '1',
  '--num_epochs',
  '10',
];

/** One training step at 64 px on the dataset in the working directory, caches in ./cache. */
const ONE_STEP_HERE = [
  '--train_data_dir',
  '.',
  '--resolution',
  '64',
  '--max_train_steps',
  '1',
  '--cache_dir',
  'cache',
];

/** A UNet of the fixture's shape with other (seeded) weights, saved in bfloat16 as miners commit them. */
async function writeOtherUnet(dir: string): Promise<string> {
  await selectBackend('cpu', { log: false });
  const config = await readUnetConfig(path.join(FIXTURE, 'unet/config.json'));
  const other = UNet2DConditionModel.fromConfig(config, { seed: 5 });
  await other.savePretrained(dir, { dtype: 'bfloat16' });
  other.dispose();
  return dir;
}

/** The first convolution's weights of a UNet folder, as float32. */
async function convInWeights(unetDir: string): Promise<Float32Array> {
  const tensors = await loadSafetensors(path.join(unetDir, 'diffusion_pytorch_model.safetensors'));
  return tensors.get('conv_in.weight')!.data as Float32Array;
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  return a.reduce((max, value, index) => Math.max(max, Math.abs(value - b[index]!)), 0);
}

describe('pixel model train sdxl', () => {
  it("accepts the seed's command line verbatim and prints the resolved options with --print-config", async () => {
    const run = await runPixel(['model', 'train', 'sdxl', ...SEED_COMMAND, '--print-config']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      pretrainedModelNameOrPath: 'stabilityai/stable-diffusion-xl-base-1.0',
      trainDataDir: 'preprocessed_images',
      learningRate: 2e-6,
      noiseOffset: 0.1,
      snrGamma: 5,
      trainBatchSize: 1,
      numTrainEpochs: 10,
      resolution: 1024,
      lrScheduler: 'constant',
      lrWarmupSteps: 500,
      checkpointingSteps: 500,
      outputDir: 'sdxl-model-finetuned',
    });
  });

  it('reads kebab-case and --flag=value spellings the same way', async () => {
    const snake = await runPixel([
      'model',
      'train',
      'sdxl',
      ...SEED_COMMAND,
      '--center_crop',
      '--seed',
      '7',
      '--dry-run',
    ]);
    const kebab = await runPixel([
      'model',
      'train',
      'sdxl',
      ...SEED_COMMAND.map((a) => (a.startsWith('--') ? a.replace(/_/g, '-') : a)),
      '--center-crop',
      '--seed=7',
      '--print-config',
    ]);
    expect(kebab.code).toBe(0);
    expect(kebab.stdout).toBe(snake.stdout);
    expect(JSON.parse(snake.stdout)).toMatchObject({ centerCrop: true, seed: 7 });
  });

  it("takes kohya's Adafactor flags (--optimizer_args as several words), the fused backward pass and EMA offload, shown resolved by --print-config", async () => {
    const run = await runPixel([
      'model',
      'train',
      'sdxl',
      ...SEED_COMMAND,
      '--optimizer_type',
      'Adafactor',
      '--optimizer_args',
      'scale_parameter=False',
      'relative_step=False',
      'warmup_init=False',
      '--fused_backward_pass',
      '--use_ema',
      '--ema_offload',
      '--ema-update-interval',
      '4',
      '--print-config',
    ]);
    expect(run.code).toBe(0);
    expect(logMessages(run.stderr)).toBe(
      "--fused_backward_pass turns on --gradient_checkpointing: each block's update runs inside the block's recomputation in the backward pass.",
    );
    expect(JSON.parse(run.stdout)).toMatchObject({
      optimizerType: 'adafactor',
      optimizerArgs: { scaleParameter: false, relativeStep: false, warmupInit: false },
      fusedBackwardPass: true,
      gradientCheckpointing: true,
      useEma: true,
      emaOffload: true,
      emaUpdateInterval: 4,
      learningRate: 2e-6,
    });
    const refused = await runPixel([
      'model',
      'train',
      'sdxl',
      ...SEED_COMMAND,
      '--optimizer_type',
      'adafactor',
      '--optimizer-args',
      'lr=1e-4',
      '--print-config',
    ]);
    expect(refused.code).toBe(2);
    expect(logMessages(refused.stderr)).toContain(
      '--optimizer_args lr=1e-4: Adafactor has no setting "lr"; the settings are scale_parameter, relative_step, warmup_init, clip_threshold, decay_rate, beta1, weight_decay and eps (the learning rate is --learning_rate).',
    );
    expect(logMessages(refused.stderr)).toContain(
      "--learning_rate 0.000002 cannot apply: Adafactor with relative_step=True (transformers' default) computes its own step size.",
    );
  });

  it('explains every flag in --help, with its default', async () => {
    const run = await runPixel(['model', 'train', 'sdxl', '--help'], { stdout: { columns: 120 } });
    expect(run.code).toBe(0);
    for (const spec of TRAIN_OPTION_SPECS) expect(run.stdout).toContain(`--${spec.flag}`);
    expect(run.stdout).toContain('--num_epochs');
    expect(run.stdout).toMatch(
      /--train_batch_size, --train-batch-size[\s\S]*Images per step\.[\s\S]*\[default: 16\]/,
    );
    expect(run.stdout).toMatch(/--lr_scheduler[\s\S]*Choices: constant, constant_with_warmup/);
  });

  it('refuses invalid options with every problem listed, before doing anything', async () => {
    const run = await runPixel([
      'model',
      'train',
      'sdxl',
      ...SEED_COMMAND,
      '--resolution',
      '1020',
      '--proportion_empty_prompts',
      '2',
      '--lr_scheduler',
      'warmup',
      '--seed',
      'abc',
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(logMessages(run.stderr)).toContain('--seed needs a number, got "abc".');
    expect(logMessages(run.stderr)).toContain('unknown --lr_scheduler "warmup": choose one of constant');
    expect(logMessages(run.stderr)).toContain('--resolution must be a positive multiple of 8');
    expect(logMessages(run.stderr)).toContain(
      '--proportion_empty_prompts must be in the range [0, 1], got 2.',
    );
  });

  it('refuses --resolution 1000000000 with the limit, exit 2, listing the other problems too', async () => {
    const run = await runPixel([
      'model',
      'train',
      'sdxl',
      ...SEED_COMMAND,
      '--resolution',
      '1000000000',
      '--gradient_accumulation_steps',
      '0',
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const messages = logMessages(run.stderr);
    expect(messages).toContain(
      "--resolution must be at most 2048 (SDXL's largest training size; at 4096 px a single attention score matrix would take 172 GB, more than any one accelerator holds), got 1000000000.",
    );
    expect(messages).toContain('--gradient_accumulation_steps must be at least 1, got 0.');
    // --help says the limit too.
    const help = await runPixel(['model', 'train', 'sdxl', '--help'], { stdout: { columns: 200 } });
    expect(help.stdout).toMatch(/--resolution\s+Training resolution[\s\S]*?At most 2048\./);
  });

  it('refuses --mixed_precision fp16 and --dataset_name, and warns about --report_to wandb', async () => {
    const fp16 = await runPixel([
      'model',
      'train',
      'sdxl',
      ...SEED_COMMAND,
      '--mixed_precision',
      'fp16',
      '--enable_xformers_memory_efficient_attention',
      '--print-config',
    ]);
    expect(fp16.code).toBe(2);
    expect(logMessages(fp16.stderr)).toContain('--enable_xformers_memory_efficient_attention has no effect');
    expect(logMessages(fp16.stderr)).toContain(
      '--mixed_precision fp16 is not available: pixel trains in float32',
    );
    const hub = await runPixel([
      'model',
      'train',
      'sdxl',
      '--pretrained_model_name_or_path',
      'x',
      '--dataset_name',
      'a/b',
    ]);
    expect(hub.code).toBe(2);
    expect(logMessages(hub.stderr)).toContain('pass --train_data_dir');
    const wandb = await runPixel([
      'model',
      'train',
      'sdxl',
      ...SEED_COMMAND,
      '--report_to',
      'wandb',
      '--print-config',
    ]);
    expect(wandb.code).toBe(0);
    expect(logMessages(wandb.stderr)).toContain('--report_to wandb is not available offline');
  });

  it('rejects flags that no version of the script has', async () => {
    const run = await runPixel(['model', 'train', 'sdxl', ...SEED_COMMAND, '--learning_rat', '1e-5']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('learning_rat');
  });

  it('refuses a malformed uid or a missing UNet folder for --pretrained_unet_model_name_or_path at once (exit code 2)', async () => {
    for (const [unet, message] of [
      [
        'uid:abc',
        '--pretrained_unet_model_name_or_path uid:abc: a uid is written uid:<number>, e.g. uid:12.',
      ],
      ['./no-unet', '--pretrained_unet_model_name_or_path ./no-unet: no such folder'],
    ]) {
      const run = await runPixel([
        'model',
        'train',
        'sdxl',
        ...SEED_COMMAND,
        '--pretrained_unet_model_name_or_path',
        unet!,
        '--print-config',
      ]);
      expect({ unet, code: run.code }).toEqual({ unet, code: 2 });
      expect(logMessages(run.stderr)).toContain(message);
    }
  });

  it('checks the dataset first: skipped rows are named, a missing folder is an error', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pixel-train-cli-'));
    try {
      await copyFile(path.join(FIXTURE, 'images/image_0.png'), path.join(dir, 'image_0.png'));
      await writeFile(
        path.join(dir, 'metadata.csv'),
        'file_name,text\nimage_0.png,"a photo of a cat"\nmissing.png,"gone"\n',
      );
      const run = await runPixel(
        ['model', 'train', 'sdxl', '--pretrained_model_name_or_path', FIXTURE, ...ONE_STEP_HERE],
        { cwd: dir },
      );
      expect(logMessages(run.stderr)).toContain(
        `image ${path.join(dir, 'missing.png')} is not found; row skipped.`,
      );
      // Training reads the index the check made (every image decoded once): each skipped row is named once.
      expect(logMessages(run.stderr).split(`${path.join(dir, 'missing.png')} is not found`)).toHaveLength(2);
      expect(logMessages(run.stderr)).toContain(
        `1 sample in ${path.join(dir, 'metadata.csv')} (1 rows skipped)`,
      );
      expect(run.code).toBe(0);
      const empty = await runPixel(
        ['model', 'train', 'sdxl', '--pretrained_model_name_or_path', FIXTURE, '--train_data_dir', 'nowhere'],
        {
          cwd: dir,
        },
      );
      expect(empty.code).toBe(1);
      expect(logMessages(empty.stderr)).toContain(
        `--train_data_dir ${path.join(dir, 'nowhere')} does not exist`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('trains past images that do not decode (a truncated PNG, an empty file, a corrupt one), naming and counting each', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pixel-train-broken-'));
    try {
      await writeTrainingFolder(dir, 3, 64);
      // A valid PNG from sharp, cut in half: its header still reads, its pixel data stops.
      const whole = await readFile(path.join(dir, 'image_2.png'));
      await writeFile(path.join(dir, 'image_2.png'), whole.subarray(0, whole.length >> 1));
      await writeFile(path.join(dir, 'empty.png'), '');
      await writeFile(path.join(dir, 'corrupt.png'), 'not an image at all');
      await appendFile(path.join(dir, 'metadata.csv'), 'empty.png,"an empty file"\ncorrupt.png,"text"\n');
      const run = await runPixel(
        ['model', 'train', 'sdxl', '--pretrained_model_name_or_path', FIXTURE, ...ONE_STEP_HERE],
        { cwd: dir },
      );
      const messages = logMessages(run.stderr);
      for (const name of ['image_2.png', 'empty.png', 'corrupt.png']) {
        expect(messages).toMatch(
          new RegExp(`image ${path.join(dir, name)} is not a readable image \\(.+\\); row skipped\\.`),
        );
      }
      expect(messages).toContain(`2 samples in ${path.join(dir, 'metadata.csv')} (3 rows skipped)`);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Trained 1 steps');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('refuses rows that point outside --train_data_dir (../../x, an absolute path, a link out), training on the rest', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pixel-train-outside-'));
    try {
      const data = path.join(dir, 'data');
      await writeTrainingFolder(data, 1, 64);
      // A real image beside the dataset: reachable by every one of these rows if they were followed.
      const outside = path.join(dir, 'outside.png');
      await copyFile(path.join(data, 'image_0.png'), outside);
      await symlink(outside, path.join(data, 'link.png'));
      await appendFile(
        path.join(data, 'metadata.csv'),
        `../../x,"climbs out"\n../outside.png,"climbs out to an image"\n${outside},"absolute"\nlink.png,"a link out"\n`,
      );
      const run = await runPixel(
        ['model', 'train', 'sdxl', '--pretrained_model_name_or_path', FIXTURE, ...ONE_STEP_HERE],
        { cwd: data },
      );
      const messages = logMessages(run.stderr);
      expect(messages).toContain(
        `metadata.csv line 3: file_name "../../x" leaves the dataset folder ${data}: name an image inside it (a path relative to the folder, not climbing out with ".."); row skipped.`,
      );
      expect(messages).toContain(
        `metadata.csv line 4: file_name "../outside.png" leaves the dataset folder ${data}`,
      );
      expect(messages).toContain(
        `metadata.csv line 5: file_name "${outside}" is an absolute path: name the image relative to the dataset folder ${data}; row skipped.`,
      );
      expect(messages).toContain(
        `metadata.csv line 6: image ${path.join(data, 'link.png')} is a link to ${outside}, outside the dataset folder ${data}: copy the image into the folder; row skipped.`,
      );
      expect(messages).toContain(`1 sample in ${path.join(data, 'metadata.csv')} (4 rows skipped)`);
      expect(run.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('downloads Hub ids (pipeline, VAE and a UNet at a revision) into --cache_dir, then trains that UNet', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pixel-train-hub-'));
    const hub = await startLocalHub({ users: [{ name: 'miner', token: HUB_TOKEN }] });
    try {
      // Another UNet of the fixture's shape, in bfloat16 as miners commit them.
      await writeOtherUnet(path.join(dir, 'other-unet'));
      const { commit } = await uploadModel({
        repo: 'miner/other-unet',
        folder: path.join(dir, 'other-unet'),
        accessToken: HUB_TOKEN,
        hubUrl: hub.url,
      });
      await uploadModel({
        repo: 'miner/tiny-sdxl',
        folder: FIXTURE,
        accessToken: HUB_TOKEN,
        hubUrl: hub.url,
      });
      await uploadModel({
        repo: 'miner/tiny-vae',
        folder: path.join(FIXTURE, 'vae'),
        accessToken: HUB_TOKEN,
        hubUrl: hub.url,
      });
      await copyFile(path.join(FIXTURE, 'images/image_0.png'), path.join(dir, 'image_0.png'));
      await writeFile(path.join(dir, 'metadata.csv'), 'file_name,text\nimage_0.png,"a photo of a cat"\n');
      const run = await runPixel(
        [
          'model',
          'train',
          'sdxl',
          '--pretrained_model_name_or_path',
          'miner/tiny-sdxl',
          ...ONE_STEP_HERE,
          '--pretrained_vae_model_name_or_path',
          'miner/tiny-vae',
          '--pretrained-unet-model-name-or-path',
          `miner/other-unet@${commit}`,
          '--output_dir',
          'out',
        ],
        { cwd: dir, env: { HF_ACCESS_TOKEN: HUB_TOKEN, HF_ENDPOINT: hub.url } },
      );
      const unetSnapshot = path.join(dir, 'cache/models--miner--other-unet/snapshots', commit);
      expect(logMessages(run.stderr)).toContain(
        `Starting from the UNet in ${unetSnapshot}, not the pipeline's unet/`,
      );
      expect(logMessages(run.stderr)).toContain(
        `Downloading miner/tiny-sdxl into ${path.join(dir, 'cache')}`,
      );
      expect(run.code).toBe(0);
      expect(logMessages(run.stderr)).toContain(`Downloading miner/tiny-vae into ${path.join(dir, 'cache')}`);
      expect(await readdir(path.join(dir, 'cache'))).toEqual(
        expect.arrayContaining(['models--miner--tiny-sdxl', 'models--miner--tiny-vae']),
      );
      expect(await readdir(path.join(dir, 'out/vae'))).toContain('diffusion_pytorch_model.safetensors');
      // One step at the default learning rate (1e-4) moves each weight by about 1e-4: the trained UNet is
      // the downloaded one nudged, far from the pipeline's own unet/.
      const trained = await convInWeights(path.join(dir, 'out/unet'));
      expect(maxDifference(trained, await convInWeights(unetSnapshot))).toBeLessThan(1e-3);
      expect(maxDifference(trained, await convInWeights(path.join(FIXTURE, 'unet')))).toBeGreaterThan(1e-2);
    } finally {
      await hub.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it("runs the seed's example command end to end against the tiny pipeline folder", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pixel-train-cli-'));
    try {
      const data = path.join(dir, 'preprocessed_images');
      await mkdir(data);
      for (const name of ['image_0.png', 'image_1.png']) {
        await copyFile(path.join(FIXTURE, 'images', name), path.join(data, name));
      }
      await writeFile(
        path.join(data, 'metadata.csv'),
        'file_name,text\nimage_0.png,"a photo of a cat"\nimage_1.png,"A grumpy looking man in a field"\n',
      );
      const seedCommand = SEED_COMMAND.map((arg) =>
        arg === 'stabilityai/stable-diffusion-xl-base-1.0' ? FIXTURE : arg,
      );
      const run = await runPixel(
        [
          'model',
          'train',
          'sdxl',
          ...seedCommand,
          '--resolution',
          '64',
          '--max_train_steps',
          '2',
          '--seed',
          '1',
          '--checkpointing_steps',
          '2',
          '--cache_dir',
          'cache',
        ],
        { cwd: dir },
      );
      expect(logMessages(run.stderr)).toContain('step 2/2');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(
        `Trained 2 steps (seed 1); pipeline with the trained UNet in ${path.join(dir, 'sdxl-model-finetuned')}`,
      );
      const unet = await UNet2DConditionModel.fromPretrained(path.join(dir, 'sdxl-model-finetuned'), {
        subfolder: 'unet',
      });
      unet.dispose();
      const metrics = await readFile(path.join(dir, 'sdxl-model-finetuned/logs/metrics.jsonl'), 'utf8');
      expect(metrics.trim().split('\n')).toHaveLength(2);
      const resumed = await runPixel(
        [
          'model',
          'train',
          'sdxl',
          ...seedCommand,
          '--resolution',
          '64',
          '--max_train_steps',
          '3',
          '--cache_dir',
          'cache',
          '--resume_from_checkpoint',
          'sdxl-model-finetuned/checkpoint-2',
        ],
        { cwd: dir },
      );
      expect(resumed.code).toBe(0);
      expect(logMessages(resumed.stderr)).toContain(
        `Resumed from ${path.join(dir, 'sdxl-model-finetuned/checkpoint-2')} at step 2`,
      );
      expect(resumed.stdout).toContain('Trained 3 steps (seed 1)');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

describe('pixel model train sdxl --pretrained_unet_model_name_or_path best | uid:<n> on a local chain and Hub', () => {
  const network = useLocalChainAndHub({ registered: ['miner'], timeoutMs: 120_000 });
  let commit: string;

  beforeAll(async () => {
    const { work, devnet, hub, subtensor, hubToken, wallets } = network;
    const unetDir = await writeOtherUnet(path.join(work, 'other-unet'));
    ({ commit } = await Actions.create(
      { subtensor, netuid: devnet.netuid, hub: { accessToken: hubToken, hubUrl: hub.url } },
      wallets.miner!,
    ).push(unetDir, { repo: 'miner/other-unet', repoSuffix: '' }));
    await copyFile(path.join(FIXTURE, 'images/image_0.png'), path.join(work, 'image_0.png'));
    await writeFile(path.join(work, 'metadata.csv'), 'file_name,text\nimage_0.png,"a photo of a cat"\n');
  }, 120_000);

  const trainFrom = (unet: string, ...more: string[]) =>
    runPixel(
      [
        'model',
        'train',
        'sdxl',
        '--pretrained_model_name_or_path',
        FIXTURE,
        '--pretrained_unet_model_name_or_path',
        unet,
        '--subtensor.chain_endpoint',
        network.devnet.endpoint,
        '--netuid',
        String(network.devnet.netuid),
        ...ONE_STEP_HERE,
        '--output_dir',
        'out',
        ...more,
      ],
      { cwd: network.work, env: { HF_ACCESS_TOKEN: network.hubToken, HF_ENDPOINT: network.hub.url } },
    );

  it('on a terminal, prints each log line above the live bar, never onto it, and draws the bar again below', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pixel-train-tty-'));
    try {
      await writeTrainingFolder(dir, 2, 64);
      // stdout and stderr are one terminal, as when a user runs the command there.
      const terminal = captureStream({ isTTY: true, columns: 200 });
      const code = await runCli(
        [
          'model',
          'train',
          'sdxl',
          '--pretrained_model_name_or_path',
          FIXTURE,
          '--train_data_dir',
          '.',
          '--resolution',
          '64',
          '--max_train_steps',
          '2',
          '--checkpointing_steps',
          '1',
          '--cache_dir',
          'cache',
        ],
        {
          cwd: dir,
          env: { NO_COLOR: '1' },
          stdout: terminal.stream,
          stderr: terminal.stream,
          interactive: true,
        },
      );
      expect(code).toBe(0);
      // The cursor moves and line clears written, readable.
      const lines = terminal
        .text()
        .replaceAll('\x1b[1F', '<up>')
        .replaceAll('\x1b[2K', '<clear>')
        .replace(/\[\d\d:\d\d:\d\d\]/g, '[hh:mm:ss]')
        .split('\n');
      // Every log line has a line of its own (it used to be written onto the bar: `... 0 reused[05:52:43] INFO: ...`).
      for (const line of lines.filter((l) => l.includes(' INFO: ')))
        expect(line).toMatch(/^(<up><clear>)?\[hh:mm:ss\] INFO: /);
      // The checkpoint of step 1 is saved while the bar is live: the line takes the bar's row, the bar is drawn below.
      const checkpoint = path.join(dir, 'sdxl-model-finetuned/checkpoint-1');
      const saved = lines.indexOf(`<up><clear>[hh:mm:ss] INFO: Saved ${checkpoint}`);
      expect(saved).toBeGreaterThan(0);
      expect(lines[saved - 1]).toMatch(/^<clear>training +\[#+-+\] +1\/2 +50% +epoch 0 +loss [\d.]+ .* ETA /);
      expect(lines[saved + 1]).toBe(lines[saved - 1]);
      // Each bar's final state is printed once, the caching bar's above the training bar.
      expect(lines.filter((l) => / 2\/2 +100%/.test(l)).map((l) => /caching|training/.exec(l)?.[0])).toEqual([
        'caching',
        'training',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("downloads and verifies the best uid's committed model, logs which it is, and trains it", async () => {
    const { work, devnet, subtensor } = network;
    const run = await trainFrom('best');
    expect(run.code).toBe(0);
    const hotkey = (await getMetagraph(subtensor, devnet.netuid)).hotkeys[1]!;
    const metadata = await getModelMetadata(subtensor, devnet.netuid, hotkey);
    const snapshot = path.join(work, 'cache/models--miner--other-unet/snapshots', commit);
    expect(logMessages(run.stderr)).toContain(
      `Training starts from uid 1's model: miner/other-unet at commit ${commit}, committed at block ${metadata!.block} (${snapshot})`,
    );
    const trained = await convInWeights(path.join(work, 'out/unet'));
    expect(maxDifference(trained, await convInWeights(snapshot))).toBeLessThan(1e-3);

    // A uid without a commitment (the subnet owner's) is named before anything is trained.
    const none = await trainFrom('uid:0');
    expect(none.code).toBe(1);
    expect(logMessages(none.stderr)).toMatch(/uid 0 \(\w+\) has no model committed on subnet \d+\./);
  }, 120_000);

  it("warns when the subnet's identity names another project; --allow-unrecognised-subnet only logs it", async () => {
    const { devnet } = network;
    const before = await devnet.snapshot();
    const warnings = (stderr: string) =>
      stderr
        .split('\n')
        .filter((line) => line.startsWith('{"level":40'))
        .map((line) => (JSON.parse(line) as { msg: string }).msg);
    try {
      await setLocalSubnetIdentity(network, {
        subnetName: 'Voxel',
        githubRepo: 'https://github.com/x/voxel',
      });
      const notPixel =
        "is 'Voxel' (https://github.com/x/voxel), and its identity mentions neither pixel nor PlixML";
      const warned = await trainFrom('uid:0');
      expect(warned.code).toBe(1);
      expect(warnings(warned.stderr)).toContainEqual(
        expect.stringContaining(`${notPixel}: not a pixel competition`),
      );
      const allowed = await trainFrom('uid:0', '--allow-unrecognised-subnet');
      expect(warnings(allowed.stderr)).not.toContainEqual(expect.stringContaining(notPixel));
      expect(logMessages(allowed.stderr)).toContain('going on, as unrecognised subnets are allowed');
    } finally {
      await devnet.revert(before);
    }
  }, 120_000);
});

describe('pixel model train sdxl: Ctrl-C, SIGTERM, damaged checkpoints and file-system failures', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pixel-train-stop-'));
    // Readable by the unprivileged user of the permission test.
    await chmod(dir, 0o755);
    await mkdir(path.join(dir, 'data'));
    for (const name of ['image_0.png', 'image_1.png']) {
      await copyFile(path.join(FIXTURE, 'images', name), path.join(dir, 'data', name));
      await chmod(path.join(dir, 'data', name), 0o644);
    }
    await writeFile(
      path.join(dir, 'data/metadata.csv'),
      'file_name,text\nimage_0.png,"a photo of a cat"\nimage_1.png,"A grumpy looking man in a field"\n',
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Two micro-batches per step (EMA, offset noise, min-SNR), so a signal usually lands inside a step. */
  const trainCommand = (outputDir: string, steps = 6) => [
    'model',
    'train',
    'sdxl',
    '--pretrained_model_name_or_path',
    FIXTURE,
    '--train_data_dir',
    'data',
    '--resolution',
    '64',
    '--train_batch_size',
    '1',
    '--gradient_accumulation_steps',
    '2',
    '--max_train_steps',
    String(steps),
    '--seed',
    '3',
    '--learning_rate',
    '1e-3',
    '--use_ema',
    '--noise_offset',
    '0.1',
    '--snr_gamma',
    '5',
    '--cache_dir',
    'cache',
    '--output_dir',
    outputDir,
    '--backend',
    'cpu',
  ];
  const unetWeights = (outputDir: string) =>
    readFile(path.join(dir, outputDir, 'unet/diffusion_pytorch_model.safetensors'));
  const lastStepLogged = (messages: string[]) =>
    Math.max(...messages.flatMap((message) => /^step (\d+)\//.exec(message)?.[1] ?? []).map(Number));
  const halve = async (file: string) => truncate(file, Math.floor((await stat(file)).size / 2));

  it('Ctrl-C finishes the step, saves it and exits 130; resuming from latest ends with the UNet of an uninterrupted run', async () => {
    const whole = await runPixel(trainCommand('whole'), { cwd: dir });
    expect(whole.code).toBe(0);

    const run = spawnPixel(trainCommand('stopped'), { cwd: dir });
    await run.logged(/^step 2\/6/);
    run.child.kill('SIGINT');
    const exit = await run.exited;
    expect(exit.code).toBe(130);
    // The step the signal landed in was finished: the last one logged is the one saved.
    const step = lastStepLogged(run.messages);
    expect(step).toBeGreaterThanOrEqual(2);
    expect(step).toBeLessThan(6);
    const checkpoint = path.join(dir, 'stopped', `checkpoint-${step}`);
    expect(run.messages).toContain(
      'Ctrl-C (SIGINT) received: finishing the current step, then saving a checkpoint and stopping. Press Ctrl-C again to stop at once (losing the steps since the last checkpoint).',
    );
    expect(run.messages).toContain(`Saved ${checkpoint}`);
    expect(run.messages.at(-1)).toBe(
      `Stopped by Ctrl-C (SIGINT). Training stopped after step ${step}, which is saved in ${checkpoint}. To continue, run the same command with --resume_from_checkpoint latest.`,
    );
    expect(exit.stderr).not.toMatch(/^\s+at /m);
    expect(await readdir(path.join(dir, 'stopped'))).not.toContain('unet');

    const listeners = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const resumed = await runPixel([...trainCommand('stopped'), '--resume_from_checkpoint', 'latest'], {
      cwd: dir,
    });
    expect(resumed.code).toBe(0);
    expect(logMessages(resumed.stderr)).toContain(`Resumed from ${checkpoint} at step ${step}`);
    expect((await unetWeights('stopped')).equals(await unetWeights('whole'))).toBe(true);
    // The command put the default handling of both signals back.
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(listeners);
  }, 300_000);

  it('a second Ctrl-C stops at once; SIGTERM saves the step and exits 143', async () => {
    const twice = spawnPixel(trainCommand('twice'), { cwd: dir });
    await twice.logged(/^step 1\/6/);
    twice.child.kill('SIGINT');
    await twice.logged(/^Ctrl-C \(SIGINT\) received/);
    twice.child.kill('SIGINT');
    expect(await twice.exited).toMatchObject({ code: null, signal: 'SIGINT' });
    expect(twice.messages.filter((message) => message.startsWith('Stopped by'))).toEqual([]);

    const terminated = spawnPixel(trainCommand('terminated'), { cwd: dir });
    await terminated.logged(/^step 1\/6/);
    terminated.child.kill('SIGTERM');
    const exit = await terminated.exited;
    expect(exit.code).toBe(143);
    const step = lastStepLogged(terminated.messages);
    const checkpoint = path.join(dir, 'terminated', `checkpoint-${step}`);
    expect(terminated.messages).toContain(
      'SIGTERM received: finishing the current step, then saving a checkpoint and stopping. Send SIGTERM again to stop at once (losing the steps since the last checkpoint).',
    );
    expect(terminated.messages.at(-1)).toBe(
      `Stopped by SIGTERM. Training stopped after step ${step}, which is saved in ${checkpoint}. To continue, run the same command with --resume_from_checkpoint latest.`,
    );
    expect(await readdir(checkpoint)).toEqual(
      expect.arrayContaining(['unet', 'optimizer.safetensors', 'ema.safetensors', 'training_state.json']),
    );
  }, 300_000);

  it('resuming from latest skips a truncated checkpoint with a warning; a named one says which file and what to do', async () => {
    const checkpoint = (step: number) => path.join(dir, 'damaged', `checkpoint-${step}`);
    const first = await runPixel([...trainCommand('damaged', 2), '--checkpointing_steps', '1'], { cwd: dir });
    expect(first.code).toBe(0);
    const optimizerFile = path.join(checkpoint(2), 'optimizer.safetensors');
    await halve(optimizerFile);
    const latest = await runPixel(
      [...trainCommand('damaged', 3), '--checkpointing_steps', '1', '--resume_from_checkpoint', 'latest'],
      { cwd: dir },
    );
    expect(latest.code).toBe(0);
    const truncated = 'is truncated: it ends before the tensor data its header lists';
    expect(logMessages(latest.stderr)).toContain(
      `Skipping ${checkpoint(2)}: ${optimizerFile} ${truncated}. Resuming from the newest intact checkpoint before it; delete ${checkpoint(2)} once you no longer need it.`,
    );
    expect(logMessages(latest.stderr)).toContain(`Resumed from ${checkpoint(1)} at step 1`);

    // That run wrote checkpoint-2 again; now its UNet is cut off, and it is named explicitly.
    const unetFile = path.join(checkpoint(2), 'unet/diffusion_pytorch_model.safetensors');
    await halve(unetFile);
    const named = await runPixel(
      [...trainCommand('damaged', 3), '--resume_from_checkpoint', 'damaged/checkpoint-2'],
      { cwd: dir },
    );
    expect(named.code).toBe(1);
    expect(logMessages(named.stderr).split('\n').at(-1)).toBe(
      `Cannot resume from ${checkpoint(2)}: ${unetFile} ${truncated}. Delete ${checkpoint(2)} and run again with --resume_from_checkpoint latest (it takes the newest intact checkpoint), or pass another checkpoint-<step> folder to --resume_from_checkpoint.`,
    );
  }, 300_000);

  it('names the folder and the fix when --output_dir is under a file, not writable, or on a full disk', async () => {
    await writeFile(path.join(dir, 'a-file'), 'not a folder');
    const underFile = await runPixel(trainCommand('a-file/out', 1), { cwd: dir });
    expect(underFile.code).toBe(1);
    expect(logMessages(underFile.stderr).split('\n').at(-1)).toBe(
      `Cannot create the output folder ${path.join(dir, 'a-file/out')}: a part of the path is a file, not a folder. Check the path, or move the file that stands where a folder should be, or choose another folder with --output_dir, and run again.`,
    );

    // Root may write anywhere: a root test process runs pixel as nobody.
    const readOnly = path.join(dir, 'read-only');
    await mkdir(readOnly);
    await chmod(readOnly, 0o555);
    const denied = spawnPixel(trainCommand('read-only/out', 1), { cwd: dir, ...unprivilegedUser() });
    expect((await denied.exited).code).toBe(1);
    expect(denied.messages.at(-1)).toBe(
      `Cannot create the output folder ${path.join(readOnly, 'out')}: permission denied. Give this user access to it (chmod/chown), or choose another folder with --output_dir, and run again.`,
    );

    // A real full disk: in a mount namespace of its own, --output_dir is a 1 MB tmpfs, too small for a checkpoint.
    const full = path.join(dir, 'full');
    await mkdir(full);
    const onFullDisk = spawnPixel([...trainCommand('full', 1), '--checkpointing_steps', '1'], {
      cwd: dir,
      wrapper: tinyDiskCommand(full, '1m'),
    });
    const exit = await onFullDisk.exited;
    expect(exit.code).toBe(1);
    expect(lastStepLogged(onFullDisk.messages)).toBe(1);
    expect(onFullDisk.messages.at(-1)).toBe(
      `Cannot write the checkpoint ${path.join(full, 'checkpoint-1')}: no space left on the device. Free disk space there, or choose another folder with --output_dir, and run again.`,
    );
    expect(exit.stderr).not.toMatch(/^\s+at /m);
  }, 300_000);
});
