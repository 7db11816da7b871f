import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SHARED } from '@pixel-tools/test-support';
import { getMetagraph, getModelMetadata } from '@pixel/chain';
import { computeWins } from '@pixel/constraints';
import { uploadModel } from '@pixel/hub';
import { Actions, type EvaluationReport } from '@pixel/miner';
import {
  commitUncheckedModel,
  setLocalSubnetIdentity,
  useLocalChainAndHub,
  writeUnetWithConfig,
} from '@pixel/miner/test-support';
import {
  BACKEND_CHOICES,
  selectBackend,
  UNet2DConditionModel,
  type UNet2DConditionConfig,
} from '@pixel/sdxl-trainer';
import { logMessages } from '../test-support/log-messages.js';
import { runPixel } from '../test-support/run-pixel.js';

const FIXTURE = SHARED.tinyPipeline;
/** What `pixel model eval --json` prints: the report and the committed models left out, with why. */
type EvalOutput = EvaluationReport & { rejected: { uid: number; reason: string }[] };

/** The messages pixel logged at a pino level (30 info, 40 warn) on a non-terminal stderr. */
const messagesAt = (stderr: string, level: number): string[] =>
  stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string })
    .filter((entry) => entry.level === level)
    .map(({ msg }) => msg);

/** Two evaluations of two tiny UNets, and the caching pass, on 2 shared cores. */
const EVALUATION_TIMEOUT = 120_000;

/**
 * `pixel model eval <models>` in a folder holding `data/`: the encoders and scheduler of `pipeline`, the tiny
 * pipeline's VAE, 32 px crops (4x4 latents), caches in `./cache`.
 */
function evalArgv(models: string[], pipeline = FIXTURE): string[] {
  return [
    'model',
    'eval',
    ...models,
    '--data_dir',
    'data',
    '--pretrained_model_name_or_path',
    pipeline,
    '--pretrained_vae_model_name_or_path',
    path.join(FIXTURE, 'vae'),
    '--resolution',
    '32',
    '--cache_dir',
    'cache',
  ];
}

describe('pixel model eval', () => {
  let dir: string;
  /** Local folders only, 2 of the 3 samples. */
  const evaluate = (models: string[], extra: string[] = []) =>
    runPixel([...evalArgv(models), '--max-samples', '2', ...extra], { cwd: dir });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pixel-eval-cli-'));
    const data = path.join(dir, 'data');
    await mkdir(data);
    const rows = ['file_name,text'];
    for (const index of [0, 1, 2]) {
      await copyFile(path.join(FIXTURE, 'images', `image_${index % 2}.png`), path.join(data, `${index}.png`));
      rows.push(`${index}.png,"picture ${index}"`);
    }
    await writeFile(path.join(data, 'metadata.csv'), `${rows.join('\n')}\n`);
    // Another UNet of the same shape: the fixture's config with other random weights.
    await selectBackend('cpu', { log: false });
    const config = JSON.parse(
      await readFile(path.join(FIXTURE, 'unet/config.json'), 'utf8'),
    ) as UNet2DConditionConfig;
    const other = UNet2DConditionModel.fromConfig(config, { seed: 5 });
    await other.savePretrained(path.join(dir, 'other'), { dtype: 'float32' });
    other.dispose();
  }, EVALUATION_TIMEOUT);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'prints the report as JSON with --json, and as a table with verdicts otherwise',
    async () => {
      // Models as positional arguments, then as repeated --model flags: the same report.
      const json = await evaluate([FIXTURE, './other'], ['--json']);
      expect(json.code).toBe(0);
      const report = JSON.parse(json.stdout) as EvaluationReport;
      expect(report).toMatchObject({ samples: 2, resolution: 32, epsilon: 0.0005 });
      expect(report.models.map(({ label, block }) => ({ label, block }))).toEqual([
        { label: FIXTURE, block: undefined },
        { label: './other', block: undefined },
      ]);
      const [fixture, other] = report.models;
      expect(fixture!.losses).toHaveLength(2);
      expect(fixture!.losses).not.toEqual(other!.losses);
      // Neither is committed: equal blocks, so the lower loss takes each sample.
      const wins = computeWins([0, 1], [fixture!.losses, other!.losses], [0, 0], 0.0005);
      expect([fixture!.winRate, other!.winRate]).toEqual([wins.winRate.get(0), wins.winRate.get(1)]);
      expect(report.verdicts.map(({ label, worthPushing }) => ({ label, worthPushing }))).toEqual([
        { label: FIXTURE, worthPushing: true },
        { label: './other', worthPushing: true },
      ]);
      expect(json.stderr).toMatch(/\.\/other: 2\/2 samples, [\d.]+ s per sample/);
      expect(json.stderr).toMatch(
        /Evaluating 2 model\(s\) on 2 samples: [\d.]+ s per sample measured, about \d+ s to go/,
      );

      const human = await evaluate(['--model', FIXTURE, '--model', './other']);
      expect(human.code).toBe(0);
      const lines = human.stdout.split('\n');
      expect(lines[0]).toBe('Validator loss at 32 px on 2 samples (epsilon 0.0005):');
      expect(lines[2]).toMatch(/^model +uid +block +samples +average loss +win rate +wins$/);
      for (const model of report.models) {
        const row = lines.find((line) => line.startsWith(`${model.label} `))!;
        expect(row.split(/ {2,}/)).toEqual([
          model.label,
          '-',
          'not committed',
          '2',
          model.averageLoss.toPrecision(6),
          `${(model.winRate * 100).toFixed(1)}%`,
          String(model.wins),
        ]);
      }
      expect(human.stdout).toContain(`Best: ${report.best}\n`);
      expect(human.stdout).toContain(`./other: worth pushing: ${report.verdicts[1]!.reason}`);
    },
    EVALUATION_TIMEOUT,
  );

  it(
    'runs on the backend --backend names: wasm gives the cpu losses to float tolerance',
    async () => {
      // At 64 px, not 32: at 32 px the tiny UNet's 4x4 latents shrink to 1x1, where each GroupNorm group holds
      // 2 values, and the loss is ill-conditioned: a change of one float32 ulp in one latent moves it by up to
      // 1e-4 on a single backend. On 30 random UNets of this config cpu and wasm were up to 2.3e-4 apart at
      // 32 px (and 1% apart once in CI), at most 6.4e-7 apart at 64 px.
      const atResolution64 = ['--json', '--resolution', '64'];
      const cpu = JSON.parse(
        (await evaluate([FIXTURE], [...atResolution64, '--backend', 'cpu'])).stdout,
      ) as EvaluationReport;
      const wasm = await evaluate([FIXTURE], [...atResolution64, '--backend', 'wasm']);
      try {
        expect(wasm.code).toBe(0);
        expect(wasm.stderr).toContain('Backend: wasm');
        const losses = (JSON.parse(wasm.stdout) as EvaluationReport).models[0]!.losses;
        losses.forEach((loss, index) =>
          expect(Math.abs(loss - cpu.models[0]!.losses[index]!)).toBeLessThan(
            1e-4 * cpu.models[0]!.losses[index]!,
          ),
        );
      } finally {
        await selectBackend('cpu', { log: false });
      }
      const unknown = await evaluate([FIXTURE], ['--backend', 'gpu']);
      expect(unknown.code).not.toBe(0);
      expect(unknown.stderr).toContain(
        `Choices: ${BACKEND_CHOICES.map((choice) => `"${choice}"`).join(', ')}`,
      );
    },
    EVALUATION_TIMEOUT,
  );

  it('checks every flag and local path before starting a backend or downloading anything (exit code 2)', async () => {
    // A Hub id on a Hub nobody answers at: any download would end in exit code 3, not in the flag's error.
    const offline = ['someone/model', '--hub-url', 'http://127.0.0.1:9'];
    const refusals: [string[], string][] = [
      [['--model', 'uid:abc'], '--model uid:abc: a uid is written uid:<number>, e.g. uid:12.'],
      [
        ['--model', 'no-such-model'],
        `--model no-such-model: no such folder (${path.join(dir, 'no-such-model')}), and not a Hub id`,
      ],
      [['--model', './data'], `--model ./data: No UNet in ${path.join(dir, 'data')}`],
      [['--data_dir', 'missing'], `--data_dir ${path.join(dir, 'missing')} is not a folder`],
      [
        ['--resolution', '0'],
        '--resolution must be a whole number of pixels above 0, got 0 (validators use 1024).',
      ],
      [['--resolution', 'abc'], '--resolution must be a whole number of pixels above 0, got NaN'],
      [['--max-samples', '2.5'], '--max-samples must be a whole number above 0, got 2.5.'],
      [
        ['--pretrained_vae_model_name_or_path', './no-vae'],
        '--pretrained_vae_model_name_or_path ./no-vae: no such folder',
      ],
      [['--cache_dir', 'data/metadata.csv'], `--cache_dir ${path.join(dir, 'data/metadata.csv')} is a file`],
      [['--hub-url', 'hub.example'], '--hub-url must be an http(s):// URL, got "hub.example".'],
      [['--best', '--subtensor.network', 'nowhere'], 'Unknown --subtensor.network "nowhere"'],
      [['--best', '--netuid', '-1'], '--netuid must be a subnet number (0 or more), got -1.'],
    ];
    for (const [flags, message] of refusals) {
      // After the helper's own flags, so each value given here is the one that counts.
      const run = await evaluate(offline, flags);
      expect({ flags, code: run.code }).toEqual({ flags, code: 2 });
      expect(logMessages(run.stderr)).toContain(message);
      expect(run.stderr).not.toContain('Downloading');
      expect(run.stderr).not.toContain('Backend:');
    }

    const none = await runPixel(['model', 'eval', '--data_dir', 'data'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Name the models to evaluate');
  });

  it('refuses a --model folder whose config.json the loaders would not build, naming the field (exit code 2)', async () => {
    // The issue's crafted config: a billion layers per block ran the loaders out of heap.
    const crafted = await writeUnetWithConfig(path.join(dir, 'crafted'), { layers_per_block: 1e9 });
    const run = await evaluate([FIXTURE, './crafted']);
    expect(run.code).toBe(2);
    expect(logMessages(run.stderr)).toContain(
      `--model ./crafted: Invalid UNet config ${path.join(crafted, 'config.json')}: "layers_per_block" is 1000000000; ` +
        'allowed: an integer from 1 to 8, or a list of 3 such integers (one per block).',
    );
    expect(run.stderr).not.toContain('Backend:');
  });

  it('warns in --help that CPU at 1024 px is slow', async () => {
    const help = await runPixel(['model', 'eval', '--help'], { stdout: { columns: 120 } });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('very slow (minutes to hours per sample)');
    expect(help.stdout).toContain('--max-samples');
    expect(help.stdout).toContain('[default: "madebyollin/sdxl-vae-fp16-fix"]');
  });
});

describe('pixel model eval uid:<n> on a local chain and a local Hub', () => {
  // uid 1 pushes the fixture; uid 2, committed first (so the best uid on a chain nobody has scored yet), the
  // fixture with the issue's crafted config.json; uid 3 the fixture's weights under a config asking for two
  // resnets per block (weights that do not match their config). push would refuse both.
  const network = useLocalChainAndHub({
    registered: ['miner', 'crafted', 'mismatched'],
    timeoutMs: EVALUATION_TIMEOUT,
  });
  let pushedCommit: string;
  const craftedReason = expect.stringMatching(
    /^uid 2: Invalid UNet config .*config\.json: "layers_per_block" is 1000000000; allowed: an integer from 1 to 8/,
  ) as string;
  const mismatchedReason = expect.stringMatching(
    /^uid 3: .*diffusion_pytorch_model\.safetensors: the checkpoint does not match the model\.\n {2}missing keys/,
  ) as string;

  /** `--json` (unless `json: false`) on the local chain and Hub, one sample. */
  const evaluateOnChain = (models: string[], { pipeline = FIXTURE, json = true } = {}) =>
    runPixel(
      [
        ...evalArgv(models, pipeline),
        '--subtensor.chain_endpoint',
        network.devnet.endpoint,
        '--netuid',
        String(network.devnet.netuid),
        '--hub-url',
        network.hub.url,
        ...(json ? ['--json'] : []),
      ],
      { cwd: network.work, env: { HF_ACCESS_TOKEN: network.hubToken } },
    );

  beforeAll(async () => {
    await selectBackend('cpu', { log: false });
    const { work, devnet, hub, subtensor, hubToken, wallets } = network;
    await commitUncheckedModel(network, wallets.crafted!, {
      folder: await writeUnetWithConfig(path.join(work, 'crafted'), { layers_per_block: 1e9 }),
      repo: 'miner/crafted',
    });
    await commitUncheckedModel(network, wallets.mismatched!, {
      folder: await writeUnetWithConfig(path.join(work, 'mismatched'), { layers_per_block: 2 }),
      repo: 'miner/mismatched',
    });
    // The fixture pushed as validators receive it: bfloat16 weights, committed on chain.
    pushedCommit = (
      await Actions.create(
        { subtensor, netuid: devnet.netuid, hub: { accessToken: hubToken, hubUrl: hub.url } },
        wallets.miner!,
      ).push(FIXTURE, { repo: 'miner/sdxl-tiny', repoSuffix: '' })
    ).commit;
    await uploadModel({ repo: 'miner/tiny-sdxl', folder: FIXTURE, accessToken: hubToken, hubUrl: hub.url });
    await mkdir(path.join(work, 'data'));
    await copyFile(path.join(FIXTURE, 'images/image_1.png'), path.join(work, 'data', 'a.png'));
    await writeFile(path.join(work, 'data', 'metadata.csv'), 'file_name,text\na.png,"a picture"\n');
  }, EVALUATION_TIMEOUT);

  it(
    'downloads and verifies the committed model, plays it at its block, and judges the local copy against it',
    async () => {
      const { work, devnet, subtensor } = network;
      const run = await evaluateOnChain(['uid:1', FIXTURE, '--best', '--model', 'uid:1']);
      expect(run.stderr).not.toContain('"level":50');
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as EvalOutput;
      const hotkey = (await getMetagraph(subtensor, devnet.netuid)).hotkeys[1]!;
      const metadata = await getModelMetadata(subtensor, devnet.netuid, hotkey);
      // --best is uid 2, whose crafted config is rejected by field without being built: reported, not fatal.
      expect(report.rejected).toEqual([{ uid: 2, reason: craftedReason }]);
      expect(logMessages(run.stderr)).toContain('Skipping uid 2: Invalid UNet config');
      // uid:1 named twice: evaluated once, after the local folder.
      expect(report.models.map(({ label, uid, block }) => ({ label, uid, block }))).toEqual([
        { label: FIXTURE, uid: undefined, block: undefined },
        { label: 'uid 1', uid: 1, block: metadata!.block },
      ]);
      expect(report.models[1]!.unetDir).toContain(
        path.join(work, 'cache', 'models--miner--sdxl-tiny', 'snapshots'),
      );
      const [local, committed] = report.models;
      const wins = computeWins(
        [0, 1],
        [local!.losses, committed!.losses],
        [metadata!.block + 1, metadata!.block],
        0.0005,
      );
      expect([local!.wins, committed!.wins]).toEqual([wins.wins.get(0), wins.wins.get(1)]);
      // The fp32 fixture is the committed model before its bfloat16 rounding, committed later: worth pushing
      // only if the rounding alone costs uid 1 more than epsilon on this one sample.
      expect(report.verdicts).toEqual([
        {
          label: FIXTURE,
          worthPushing: local!.losses[0]! < (1 - 0.0005) * committed!.losses[0]!,
          reason: expect.stringContaining('for uid 1, the best committed model') as string,
        },
      ]);

      // --all-uids: every uid with a commitment (the subnet owner, uid 0, has none); a Hub id at a revision:
      // the committed files themselves, so the same losses, and a later copy wins nothing; the base pipeline
      // from the Hub as a model too: its unet/ is the fixture's in float32, uid 1 is it rounded to bfloat16.
      // (Encoders from another folder make other cache entries, so the losses differ from the first run's.)
      const copy = `miner/sdxl-tiny@${pushedCommit}`;
      const all = await evaluateOnChain(['--all-uids', copy, 'miner/tiny-sdxl'], {
        pipeline: 'miner/tiny-sdxl',
      });
      expect(all.code).toBe(0);
      const allReport = JSON.parse(all.stdout) as EvalOutput;
      const [copied, base, uid1] = allReport.models;
      // uid 2's crafted config is rejected by field, uid 3's weights by key, from their headers alone; every
      // other model is evaluated.
      expect(allReport.rejected).toEqual([
        { uid: 2, reason: craftedReason },
        { uid: 3, reason: mismatchedReason },
      ]);
      expect(allReport.models.map(({ label }) => label)).toEqual([copy, 'miner/tiny-sdxl', 'uid 1']);
      expect(copied!.losses).toEqual(uid1!.losses);
      expect(base!.losses).not.toEqual(uid1!.losses);
      const allWins = computeWins(
        [0, 1, 2],
        allReport.models.map(({ losses }) => losses),
        [metadata!.block + 1, metadata!.block + 1, metadata!.block],
        0.0005,
      );
      expect(allReport.models.map(({ wins }) => wins)).toEqual([0, 1, 2].map((i) => allWins.wins.get(i)));
      expect(allReport.models[0]!.unetDir).toBe(
        path.join(work, 'cache', 'models--miner--sdxl-tiny', 'snapshots', pushedCommit),
      );
      expect(allReport.models[1]!.unetDir).toMatch(
        new RegExp(`^${path.join(work, 'cache', 'models--miner--tiny-sdxl', 'snapshots')}/[0-9a-f]{40}$`),
      );
      // One sample: the float32 base is worth pushing exactly when it beats uid 1's loss by epsilon.
      expect(allReport.verdicts).toMatchObject([
        { label: copy, worthPushing: false },
        { label: 'miner/tiny-sdxl', worthPushing: base!.losses[0]! < (1 - 0.0005) * uid1!.losses[0]! },
      ]);
    },
    EVALUATION_TIMEOUT,
  );

  it(
    "warns when the subnet's identity names another project; --allow-unrecognised-subnet only logs it",
    async () => {
      const { devnet } = network;
      const before = await devnet.snapshot();
      try {
        await setLocalSubnetIdentity(network, {
          subnetName: '404—GEN',
          githubRepo: 'https://github.com/404-Repo/404-gen-subnet',
        });
        const notPixel =
          "is '404—GEN' (https://github.com/404-Repo/404-gen-subnet), and its identity mentions neither pixel " +
          'nor PlixML: not a pixel competition';
        // uid 0, the subnet owner, has no model: the command fails after the warning.
        const warned = await evaluateOnChain(['uid:0']);
        expect(warned.code).toBe(1);
        expect(messagesAt(warned.stderr, 40)).toContainEqual(
          `netuid ${devnet.netuid} on ${devnet.endpoint} ${notPixel}, so its commitments are unlikely to be ` +
            'pixel models. Check --netuid and --subtensor.network.',
        );
        const allowed = await evaluateOnChain(['uid:0', '--allow-unrecognised-subnet']);
        expect(messagesAt(allowed.stderr, 40)).not.toContainEqual(expect.stringContaining(notPixel));
        expect(messagesAt(allowed.stderr, 30)).toContainEqual(
          expect.stringContaining(`${notPixel}; going on, as unrecognised subnets are allowed`),
        );
      } finally {
        await devnet.revert(before);
      }
    },
    EVALUATION_TIMEOUT,
  );

  it(
    'refuses a uid named explicitly whose config is crafted (exit code 1), and lists a rejected --all-uids uid in the table',
    async () => {
      const named = await evaluateOnChain(['uid:2']);
      expect(named.code).toBe(1);
      expect(logMessages(named.stderr)).toMatch(
        /uid 2: Invalid UNet config .*"layers_per_block" is 1000000000/,
      );
      expect(named.stderr).not.toContain('Backend:');

      const human = await evaluateOnChain(['--all-uids'], { json: false });
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/^uid 1 +1 +\d+ +1 +/m);
      expect(human.stdout).not.toMatch(/^uid [23] /m);
      expect(human.stdout).toMatch(
        /^Rejected uid 2 \(not evaluated\): uid 2: Invalid UNet config .*"layers_per_block" is 1000000000; allowed: /m,
      );
      expect(human.stdout).toMatch(/^Rejected uid 3 \(not evaluated\): uid 3: .*does not match the model\./m);
    },
    EVALUATION_TIMEOUT,
  );
});
