import path from 'node:path';
import { setSubnetIdentity, startDevnet, type Devnet } from '@pixel-tools/devnet';
import { startLocalHub, type LocalHub } from '@pixel-tools/local-hub';
import { startVisionSource, type RunningVisionSource } from '@pixel-tools/vision-source';
import {
  connectSubtensor,
  createWallet,
  getModelMetadata,
  getUidForHotkey,
  type ModelMetadata,
  type Subtensor,
} from '@pixel/chain';
import { runPixelCommand, type PixelBinary } from './run-pixel-command.js';

/** The demo's two hotkeys; each wallet's Hub user has its name. */
export type DemoWallet = 'miner' | 'rival';

const HUB_TOKENS: Readonly<Record<DemoWallet, string>> = {
  miner: 'hf_demo_miner',
  rival: 'hf_demo_rival',
};

export interface DemoNetworkOptions {
  /** Wallets, the Hub's files and the commands' working directory go here. */
  work: string;
  /** The subtensor runtime's chain spec the local chain runs. */
  chainSpec: string;
  /** Midjourney v6 grids the image store starts with. */
  grids: number;
  log: (line: string) => void;
}

/** The local network the demo's commands run against, and how to run them there. */
export interface DemoNetwork {
  devnet: Devnet;
  hub: LocalHub;
  vision: RunningVisionSource;
  subtensor: Subtensor;
  /** A CLI in its own process in `work`, against this network (as `wallet`'s Hub user when given); its stdout. */
  run(binary: PixelBinary, args: string[], wallet?: DemoWallet): Promise<string>;
  /** `pixel-upload` as `wallet`, then its commitment and uid as read from the chain. */
  upload(
    wallet: DemoWallet,
    modelDir: string,
    repo: string,
  ): Promise<{ commitment: ModelMetadata; uid: number }>;
  /** Stops everything started; never throws. */
  stop(): Promise<void>;
}

/**
 * The miner's and the rival's wallets, a local chain (the subtensor runtime under chopsticks) with both hotkeys
 * registered, a local Hub with a user per wallet, and a local subnet 19 image store, started together; if any of
 * them fails to start, the others are stopped before the error is thrown.
 */
export async function startDemoNetwork(options: DemoNetworkOptions): Promise<DemoNetwork> {
  const walletsDir = path.join(options.work, 'wallets');
  const [miner, rival] = await Promise.all(
    (['miner', 'rival'] as const).map((name) => createWallet({ path: walletsDir, name, hotkey: 'default' })),
  );
  const hotkeys: Record<DemoWallet, string> = { miner: miner!.hotkey.address, rival: rival!.hotkey.address };
  const started = await Promise.allSettled([
    startDevnet({ specPath: options.chainSpec, hotkeys: [hotkeys.rival, hotkeys.miner] }),
    startLocalHub({
      dir: path.join(options.work, 'hub'),
      users: Object.entries(HUB_TOKENS).map(([name, token]) => ({ name, token })),
    }),
    // Every fourth generated record is Midjourney 5.2, which the miner filters out.
    startVisionSource({ count: options.grids + Math.ceil(options.grids / 3) }),
  ]);
  const stopStarted = async () => {
    await Promise.allSettled(started.map((result) => result.status === 'fulfilled' && result.value.stop()));
  };
  const [devnetStart, hubStart, visionStart] = started;
  if (
    devnetStart.status === 'rejected' ||
    hubStart.status === 'rejected' ||
    visionStart.status === 'rejected'
  ) {
    await stopStarted();
    throw started.find((result) => result.status === 'rejected')!.reason;
  }
  const [devnet, hub, vision] = [devnetStart.value, hubStart.value, visionStart.value];
  options.log(
    `chain ${devnet.endpoint} (subnet ${devnet.netuid}), Hub ${hub.url}, image store ${vision.url}`,
  );
  const subtensor = await connectSubtensor({ endpoint: devnet.endpoint }).catch(async (error: unknown) => {
    await stopStarted();
    throw error;
  });
  // The subnet says it is a pixel competition, as its owner would, so the commands' subnet check accepts it.
  await setSubnetIdentity(subtensor.api, devnet.accounts.ownerColdkey, devnet.netuid, {
    subnetName: 'pixel (local demo)',
    githubRepo: 'https://github.com/PlixML/pixel',
  }).catch(async (error: unknown) => {
    await subtensor.disconnect();
    await stopStarted();
    throw error;
  });
  const env = {
    PATH: process.env.PATH,
    HOME: options.work,
    HF_ENDPOINT: hub.url,
    PIXEL_VISION_SOURCE_URL: vision.url,
    PIXEL_LOG_LEVEL: 'info',
  };
  const run = (binary: PixelBinary, args: string[], wallet?: DemoWallet) => {
    options.log(`$ ${binary} ${args.join(' ')}`);
    return runPixelCommand(binary, args, {
      cwd: options.work,
      env: { ...env, ...(wallet && { HF_ACCESS_TOKEN: HUB_TOKENS[wallet] }) },
      log: (line) => options.log(`  ${line}`),
    });
  };
  return {
    devnet,
    hub,
    vision,
    subtensor,
    run,
    async upload(wallet, modelDir, repo) {
      // prettier-ignore
      await run('pixel-upload', [
        '--load_model_dir', modelDir, '--hf_repo_id', repo, '--competition_id', 'm6',
        '--wallet.path', walletsDir, '--wallet.name', wallet, '--wallet.hotkey', 'default',
        '--subtensor.chain_endpoint', devnet.endpoint, '--netuid', String(devnet.netuid),
      ], wallet);
      return {
        commitment: (await getModelMetadata(subtensor, devnet.netuid, hotkeys[wallet]))!,
        uid: (await getUidForHotkey(subtensor, devnet.netuid, hotkeys[wallet]))!,
      };
    },
    async stop() {
      await subtensor.disconnect().catch(() => undefined);
      await stopStarted();
    },
  };
}
