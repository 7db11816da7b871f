// The subnet guard against the real subtensor runtime (spec 218 under chopsticks: `SubnetIdentities`, set by the
// subnet's owner with `set_subnet_identity`) and the local Hub: one chain for the file, reverted after each test.
import { commitRaw, type SubnetIdentityFields } from '@pixel-tools/devnet';
import { SHARED } from '@pixel-tools/test-support';
import { getModelMetadata, type CreatedWallet } from '@pixel/chain';
import { UsageError } from '@pixel/constraints';
import { UnrecognisedSubnetError } from '../errors.js';
import { commitUncheckedModel } from '../test-support/commit-unchecked-model.js';
import { setLocalSubnetIdentity } from '../test-support/set-local-subnet-identity.js';
import { useLocalChainAndHub } from '../test-support/use-local-chain-and-hub.js';
import type { MinerConfig } from '../types/public.js';
import { Actions } from './actions.js';
import { checkSubnetIsPixel } from './check-subnet-is-pixel.js';
import { resolveModel } from './resolve-model.js';

const GEN_404: SubnetIdentityFields = {
  subnetName: '404—GEN',
  githubRepo: 'https://github.com/404-Repo/404-gen-subnet',
  subnetContact: 'team@404.xyz',
};
const PIXEL: SubnetIdentityFields = { subnetName: 'pixel', githubRepo: 'https://github.com/PlixML/pixel' };

describe('checkSubnetIsPixel on a local chain', () => {
  const network = useLocalChainAndHub({ registered: ['miner', 'gen1', 'gen2'] });
  let snapshot: string;
  let warnings: string[];
  let logs: string[];
  const check = (purpose: 'write' | 'read', allowUnrecognisedSubnet?: boolean) =>
    checkSubnetIsPixel(
      {
        subtensor: network.subtensor,
        netuid: network.devnet.netuid,
        allowUnrecognisedSubnet,
        log: (line) => logs.push(line),
        warn: (line) => warnings.push(line),
      },
      purpose,
    );
  const subject = () => `netuid ${network.devnet.netuid} on ${network.devnet.endpoint}`;
  const setIdentity = (identity: SubnetIdentityFields) => setLocalSubnetIdentity(network, identity);
  /** What 404-GEN's miners commit is no pixel ModelId: two hotkeys commit such strings. */
  const commitForeign = async (...wallets: CreatedWallet[]) => {
    for (const wallet of wallets) {
      await commitRaw(
        network.subtensor.api,
        wallet.hotkey,
        network.devnet.netuid,
        `gen-v2|${wallet.hotkey.address.slice(0, 8)}|ok`,
      );
    }
  };

  beforeAll(async () => {
    snapshot = await network.devnet.snapshot();
  });
  beforeEach(() => {
    warnings = [];
    logs = [];
  });
  afterEach(async () => {
    await network.devnet.revert(snapshot);
  });

  it('refuses a write to a subnet whose identity names another project, naming it; a read is warned about', async () => {
    await setIdentity(GEN_404);
    const refusal = check('write');
    await expect(refusal).rejects.toBeInstanceOf(UnrecognisedSubnetError);
    await expect(refusal).rejects.toBeInstanceOf(UsageError);
    await expect(refusal).rejects.toThrow(
      `${subject()} is '404—GEN' (https://github.com/404-Repo/404-gen-subnet), and its identity mentions ` +
        'neither pixel nor PlixML: not a pixel competition',
    );
    await expect(refusal).rejects.toThrow('pass --allow-unrecognised-subnet');

    const read = await check('read');
    expect(read.verdict).toBe('foreign');
    expect(warnings).toEqual([
      expect.stringContaining(`${subject()} is '404—GEN' (https://github.com/404-Repo/404-gen-subnet)`),
    ]);
    expect(warnings[0]).toContain('Check --netuid and --subtensor.network');
  });

  it('lets a write through with allowUnrecognisedSubnet, saying so without a warning', async () => {
    await setIdentity(GEN_404);
    expect((await check('write', true)).verdict).toBe('foreign');
    expect(logs).toEqual([expect.stringContaining('going on, as unrecognised subnets are allowed')]);
    expect(warnings).toEqual([]);
  });

  it('passes a subnet whose identity names pixel, silently', async () => {
    await setIdentity(PIXEL);
    expect(await check('write')).toMatchObject({
      verdict: 'pixel',
      summary: "is 'pixel' (https://github.com/PlixML/pixel)",
    });
    expect(warnings).toEqual([]);
  });

  it('refuses a subnet without identity whose commitments are not pixel model ids', async () => {
    await commitForeign(network.wallets.gen1!, network.wallets.gen2!);
    await expect(check('write')).rejects.toThrow(
      `${subject()} has no identity, and 2 of the 2 commitments read are not pixel model ids: not a pixel competition`,
    );
  });

  it('passes a subnet without identity whose commitments are mostly pixel model ids', async () => {
    await commitForeign(network.wallets.gen1!);
    for (const [wallet, repo] of [
      [network.wallets.miner!, 'miner/sdxl-a'],
      [network.wallets.gen2!, 'miner/sdxl-b'],
    ] as const) {
      await commitUncheckedModel(network, wallet, { folder: `${SHARED.tinyPipeline}/unet`, repo });
    }
    expect(await check('write')).toMatchObject({ verdict: 'pixel', commitments: { read: 3, pixel: 2 } });
  });

  it('passes a subnet with no identity and no commitments, with a warning', async () => {
    expect((await check('write')).verdict).toBe('unknown');
    expect(warnings).toEqual([
      `${subject()} has no identity and no commitments, so nothing says it is a pixel competition; going on. ` +
        'If it is not the subnet you meant, check --netuid and --subtensor.network.',
    ]);
  });

  describe('wired into the miner', () => {
    const config = (more: Partial<MinerConfig> = {}): MinerConfig => ({
      subtensor: network.subtensor,
      netuid: network.devnet.netuid,
      hub: { accessToken: network.hubToken, hubUrl: network.hub.url },
      log: (line) => logs.push(line),
      warn: (line) => warnings.push(line),
      ...more,
    });
    const pushOptions = { repo: 'miner/sdxl-guarded', competitionId: 'm6' };

    it("push and planPush refuse another project's subnet before the Hub hears of it; allowed, push goes on", async () => {
      await setIdentity(GEN_404);
      const requestsBefore = network.hub.requests.length;
      const actions = Actions.create(config(), network.wallets.miner!);
      await expect(actions.planPush(SHARED.tinyPipeline, pushOptions)).rejects.toBeInstanceOf(
        UnrecognisedSubnetError,
      );
      await expect(actions.push(SHARED.tinyPipeline, pushOptions)).rejects.toThrow(
        'Nothing was uploaded or committed.',
      );
      expect(network.hub.requests.length).toBe(requestsBefore);
      const hotkey = network.wallets.miner!.hotkey.address;
      expect(await getModelMetadata(network.subtensor, network.devnet.netuid, hotkey)).toBeUndefined();

      const allowed = Actions.create(config({ allowUnrecognisedSubnet: true }), network.wallets.miner!);
      const result = await allowed.push(SHARED.tinyPipeline, pushOptions);
      expect((await getModelMetadata(network.subtensor, network.devnet.netuid, hotkey))?.block).toBe(
        result.block,
      );
      expect(logs).toContainEqual(expect.stringContaining('unrecognised subnets are allowed'));
      expect(warnings).toEqual([]);
    });

    it('resolving best (downloadCommittedModels) warns about a subnet of foreign commitments', async () => {
      await commitForeign(network.wallets.gen1!);
      const resolving = resolveModel('best', {
        cacheDir: `${network.work}/best`,
        chain: { subtensor: network.subtensor, netuid: network.devnet.netuid },
        warn: (line) => warnings.push(line),
      });
      await expect(resolving).rejects.toThrow('has no model committed');
      expect(warnings).toEqual([
        `${subject()} has no identity, and 1 of the 1 commitments read are not pixel model ids: not a pixel ` +
          'competition, so its commitments are unlikely to be pixel models. Check --netuid and --subtensor.network.',
      ]);
    });
  });
});
