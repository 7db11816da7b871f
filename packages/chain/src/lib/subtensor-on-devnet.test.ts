// Every chain-facing function against the real subtensor runtime (spec 218) under chopsticks: one chain
// for the whole file (start-up costs seconds per block), reverted to a snapshot after each test.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { startDevnet, type Devnet } from '@pixel-tools/devnet';
import { ModelId } from '@pixel/constraints';
import { Keyring } from '@polkadot/keyring';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';

import type { Subtensor } from '../types/public.js';
import { SHARED } from '@pixel-tools/test-support';
import { startStallingProxy, type StallingProxy } from '../test-support/stalling-proxy.js';
import { commitModel } from './commit-model.js';
import { connectSubtensor } from './connect-subtensor.js';
import { createWallet, type CreatedWallet } from './create-wallet.js';
import {
  ChainCallError,
  ChainTimeoutError,
  HotkeyNotRegisteredError,
  RateLimitError,
  TransactionRejectedError,
} from './errors.js';
import { getAllModelMetadata } from './get-all-model-metadata.js';
import { getCurrentBlock } from './get-current-block.js';
import { getMetagraph } from './get-metagraph.js';
import { getModelMetadata } from './get-model-metadata.js';
import { getSubnetIdentity } from './get-subnet-identity.js';
import { getUidForHotkey } from './get-uid-for-hotkey.js';
import { getWeights } from './get-weights.js';
import { readSubnetEpoch } from './read-subnet-epoch.js';
import { sampleModelMetadata } from './sample-model-metadata.js';
import { setWeights } from './set-weights.js';
import { submitExtrinsic } from './submit-extrinsic.js';
import { subnetEpochFromBlock } from './subnet-epoch-from-block.js';
import { subtensorRuntimeRules } from './subtensor-runtime-rules.js';

const COMMIT = 'a'.repeat(40);
const HASH = `${'B'.repeat(43)}=`;
const modelId = (name: string) =>
  new ModelId({ namespace: 'pixel-miner', name, commit: COMMIT, hash: HASH, competitionId: 'm6' });

describe('@pixel/chain against the local subtensor runtime', () => {
  let devnet: Devnet;
  let subtensor: Subtensor;
  let walletsDir: string;
  let wallet: CreatedWallet;
  let validator: KeyringPair;
  let snapshot: string;

  beforeAll(async () => {
    await cryptoWaitReady();
    walletsDir = await mkdtemp(path.join(tmpdir(), 'pixel-chain-'));
    // Unencrypted coldkey: Argon2i is covered by the wallet tests and costs seconds.
    wallet = await createWallet({ path: walletsDir, name: 'miner', hotkey: 'default' });
    validator = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Charlie_hk');
    devnet = await startDevnet({
      specPath: SHARED.chainSpec,
      hotkeys: [validator.address],
      fund: [wallet.coldkey.address],
    });
    console.log(
      `chain start-up in the test suite (chopsticks, subnet, 1 hotkey): ${devnet.startupMs.toFixed(0)} ms`,
    );
    subtensor = await connectSubtensor({ endpoint: devnet.endpoint, callTimeoutMs: 60_000 });
    snapshot = await devnet.snapshot();
  });

  afterEach(async () => {
    await devnet.revert(snapshot);
  });

  afterAll(async () => {
    await subtensor?.disconnect();
    await devnet?.stop();
    await rm(walletsDir, { recursive: true, force: true });
  });

  it('registers a newly created wallet hotkey and finds it in the metagraph', async () => {
    expect(await getUidForHotkey(subtensor, devnet.netuid, wallet.hotkey.address)).toBeUndefined();
    const [uid] = await devnet.registerHotkeys([wallet.hotkey.address]);
    expect(await getUidForHotkey(subtensor, devnet.netuid, wallet.hotkey.address)).toBe(uid);
    const metagraph = await getMetagraph(subtensor, devnet.netuid);
    expect(metagraph.hotkeys).toEqual([
      devnet.accounts.ownerHotkey.address,
      validator.address,
      wallet.hotkey.address,
    ]);
    expect(metagraph.block).toBe(await getCurrentBlock(subtensor));
    expect(metagraph.incentive).toEqual([0, 0, 0]);
    // Incentive comes from validators' weights at the end of an epoch; write it as an epoch would. setStorage
    // rewrites the head block in place, and a client keeps what it read at a block hash (on a real chain that
    // never changes), so a new client reads it.
    await devnet.setStorage({ SubtensorModule: { Incentive: [[[devnet.netuid], [0, 65535, 16384]]] } });
    const fresh = await connectSubtensor({ endpoint: devnet.endpoint });
    try {
      expect((await getMetagraph(fresh, devnet.netuid)).incentive).toEqual([0, 1, 16384 / 65535]);
    } finally {
      await fresh.disconnect();
    }
    await expect(getMetagraph(subtensor, 99)).rejects.toThrow('Subnet 99 does not exist');
  });

  it('reads the metagraph at one block, even when a registration lands between its reads', async () => {
    const proxy = await startStallingProxy(devnet.endpoint);
    const viaProxy = await connectSubtensor({ endpoint: proxy.endpoint, callTimeoutMs: 60_000 });
    try {
      const block = await getCurrentBlock(subtensor);
      // Hold the reader's requests once it has asked for the head, register a hotkey, then let it go on.
      const holding = proxy.holdRequestsAfter('chain_getHeader');
      const reading = getMetagraph(viaProxy, devnet.netuid);
      const release = await holding;
      await devnet.registerHotkeys([wallet.hotkey.address]);
      expect(await getCurrentBlock(subtensor)).toBeGreaterThan(block);
      release();
      const metagraph = await reading;
      expect(metagraph.block).toBe(block);
      expect(metagraph.hotkeys).toEqual([devnet.accounts.ownerHotkey.address, validator.address]);
      expect(metagraph.incentive).toEqual([0, 0]);
      // The next read is at the new head.
      expect((await getMetagraph(viaProxy, devnet.netuid)).hotkeys).toContain(wallet.hotkey.address);
    } finally {
      await viaProxy.disconnect();
      await proxy.close();
    }
  });

  it('commits a ModelId and reads it back, alone and with the whole subnet', async () => {
    await devnet.registerHotkeys([wallet.hotkey.address]);
    const started = performance.now();
    const result = await commitModel(subtensor, wallet.hotkey, devnet.netuid, modelId('sdxl-m6'));
    console.log(
      `commit round trip (commit + inclusion + read-back): ${(performance.now() - started).toFixed(0)} ms`,
    );

    expect(result.committed).toBe(`pixel-miner:sdxl-m6:${COMMIT}:${HASH}:m6`);
    expect(result.block).toBe(await getCurrentBlock(subtensor));
    const single = await getModelMetadata(subtensor, devnet.netuid, wallet.hotkey.address);
    expect(single?.modelId.toCompressedString()).toBe(result.committed);
    expect(single?.block).toBe(result.block);

    const all = await getAllModelMetadata(subtensor, devnet.netuid);
    expect([...all.models.keys()]).toEqual([wallet.hotkey.address]);
    expect(all.models.get(wallet.hotkey.address)?.modelId.repoId).toBe('pixel-miner/sdxl-m6');
    expect(all.skipped).toEqual([]);
    expect(await getModelMetadata(subtensor, devnet.netuid, validator.address)).toBeUndefined();
  });

  it('refuses a ModelId over 128 bytes before sending anything', async () => {
    await devnet.registerHotkeys([wallet.hotkey.address]);
    const head = await getCurrentBlock(subtensor);
    const long = new ModelId({
      namespace: 'n'.repeat(30),
      name: 'm'.repeat(20),
      commit: COMMIT,
      hash: HASH,
      competitionId: 'm6',
    });
    await expect(commitModel(subtensor, wallet.hotkey, devnet.netuid, long)).rejects.toThrow(
      'is 140 bytes; a commitment holds at most 128',
    );
    expect(await getCurrentBlock(subtensor)).toBe(head);
  });

  it('reports the commitment rate limit with the block to retry at, and passes once the chain is past it', async () => {
    await devnet.registerHotkeys([wallet.hotkey.address]);
    const first = await commitModel(subtensor, wallet.hotkey, devnet.netuid, modelId('first'));
    const refused = await commitModel(subtensor, wallet.hotkey, devnet.netuid, modelId('second')).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(RateLimitError);
    expect(refused).toMatchObject({
      code: 'commitments.CommitmentSetRateLimitExceeded',
      retryAtBlock: first.block + 100,
    });
    expect((refused as Error).message).toContain(`Retry at block ${first.block + 100}`);

    // The next block (the commit's) must reach retryAtBlock.
    await devnet.advanceBlocks(first.block + 100 - 1 - (await getCurrentBlock(subtensor)));
    const second = await commitModel(subtensor, wallet.hotkey, devnet.netuid, modelId('second'));
    expect(second.block).toBe(first.block + 100);
    expect((await getModelMetadata(subtensor, devnet.netuid, wallet.hotkey.address))?.modelId.name).toBe(
      'second',
    );
  });

  it("follows spec 218's rules: one commitment per 100 blocks, epochs by block number", async () => {
    expect(subtensorRuntimeRules(subtensor.api.query)).toEqual({
      commitmentLimit: 'block-interval',
      epoch: 'block-number',
    });
    const next = (await getCurrentBlock(subtensor)) + 1;
    const tempo = (await subtensor.api.query.subtensorModule!.tempo!(devnet.netuid)).toString();
    expect(await readSubnetEpoch(subtensor, devnet.netuid, next)).toEqual(
      subnetEpochFromBlock(next, devnet.netuid, Number(tempo)),
    );
  });

  it('tells an unregistered hotkey how to register instead of sending a doomed commitment', async () => {
    const refused = commitModel(subtensor, wallet.hotkey, devnet.netuid, modelId('sdxl'));
    await expect(refused).rejects.toBeInstanceOf(HotkeyNotRegisteredError);
    await expect(refused).rejects.toThrow(
      `Hotkey ${wallet.hotkey.address} is not registered on subnet ${devnet.netuid}`,
    );
  });

  it('skips commitments that are not UTF-8 ModelIds, with the reason', async () => {
    await devnet.registerHotkeys([wallet.hotkey.address]);
    const notUtf8 = subtensor.api.tx.commitments!.setCommitment!(devnet.netuid, {
      fields: [{ Raw3: new Uint8Array([0xff, 0xfe, 0x01]) }],
    });
    await submitExtrinsic(subtensor, notUtf8, wallet.hotkey);
    await devnet.advanceBlocks(100);
    const notModelId = subtensor.api.tx.commitments!.setCommitment!(devnet.netuid, {
      fields: [{ Raw5: 'hello' }],
    });
    await submitExtrinsic(subtensor, notModelId, validator);

    const skipped: string[] = [];
    expect(
      await getModelMetadata(subtensor, devnet.netuid, wallet.hotkey.address, {
        onSkipped: (s) => skipped.push(s.reason),
      }),
    ).toBeUndefined();
    expect(skipped).toEqual(['its raw3 field is not valid UTF-8']);
    const all = await getAllModelMetadata(subtensor, devnet.netuid);
    expect(all.models.size).toBe(0);
    expect(all.skipped).toEqual(
      expect.arrayContaining([
        { hotkey: wallet.hotkey.address, reason: 'its raw3 field is not valid UTF-8' },
        { hotkey: validator.address, reason: expect.stringContaining('expected namespace:name:commit:hash') },
      ]),
    );
  });

  it('samples at most the number of commitments asked, each read as validators read it', async () => {
    await devnet.registerHotkeys([wallet.hotkey.address]);
    await commitModel(subtensor, wallet.hotkey, devnet.netuid, modelId('sampled'));
    const foreign = subtensor.api.tx.commitments!.setCommitment!(devnet.netuid, {
      fields: [{ Raw7: 'not-one' }],
    });
    await submitExtrinsic(subtensor, foreign, validator);

    const all = await sampleModelMetadata(subtensor, devnet.netuid, 10);
    expect([...all.models.values()].map(({ modelId }) => modelId.name)).toEqual(['sampled']);
    expect(all.skipped).toEqual([
      { hotkey: validator.address, reason: expect.stringContaining('expected namespace:name:commit:hash') },
    ]);
    const one = await sampleModelMetadata(subtensor, devnet.netuid, 1);
    expect(one.models.size + one.skipped.length).toBe(1);
    await expect(sampleModelMetadata(subtensor, devnet.netuid, 1001)).rejects.toThrow(
      'sampleModelMetadata reads 1 to 1000 commitments, got 1001.',
    );
  });

  it('sets weights with the SDK normalisation and reads them back', async () => {
    const [minerUid] = await devnet.registerHotkeys([wallet.hotkey.address]);
    const validatorUid = (await getUidForHotkey(subtensor, devnet.netuid, validator.address))!;
    const result = await setWeights(
      subtensor,
      validator,
      devnet.netuid,
      [validatorUid, minerUid!],
      [0.25, 0.5],
      2002,
    );
    expect(result.weights).toEqual([32768, 65535]);
    expect(await getWeights(subtensor, devnet.netuid, validatorUid)).toEqual([
      [validatorUid, 32768],
      [minerUid, 65535],
    ]);
  });

  it('reports commit-reveal subnets and the weights rate limit clearly', async () => {
    const validatorUid = (await getUidForHotkey(subtensor, devnet.netuid, validator.address))!;
    const sudo = (call: SubmittableExtrinsic<'promise'>) => subtensor.api.tx.sudo!.sudo!(call);
    await submitExtrinsic(
      subtensor,
      sudo(subtensor.api.tx.adminUtils!.sudoSetWeightsSetRateLimit!(devnet.netuid, 50)),
      devnet.accounts.sudo,
    );
    // Registration counts as the last update: the validator registered at start-up must wait too.
    await expect(
      setWeights(subtensor, validator, devnet.netuid, [validatorUid], [1], 2002),
    ).rejects.toBeInstanceOf(RateLimitError);
    await devnet.advanceBlocks(50);
    const first = await setWeights(subtensor, validator, devnet.netuid, [validatorUid], [1], 2002);
    await expect(
      setWeights(subtensor, validator, devnet.netuid, [validatorUid], [1], 2002),
    ).rejects.toMatchObject({
      code: 'subtensorModule.SettingWeightsTooFast',
      retryAtBlock: first.block + 50,
    });

    await submitExtrinsic(
      subtensor,
      sudo(subtensor.api.tx.adminUtils!.sudoSetCommitRevealWeightsEnabled!(devnet.netuid, true)),
      devnet.accounts.sudo,
    );
    const refused = setWeights(subtensor, validator, devnet.netuid, [validatorUid], [1], 2002);
    await expect(refused).rejects.toBeInstanceOf(ChainCallError);
    await expect(refused).rejects.toThrow('commit-reveal weights enabled');
  });

  it("names the transaction pool's refusal and its fix: a validator without the stake to set weights", async () => {
    const validatorUid = (await getUidForHotkey(subtensor, devnet.netuid, validator.address))!;
    await devnet.setStorage({ SubtensorModule: { WeightsMinStake: 10n ** 15n } });
    const refused = setWeights(subtensor, validator, devnet.netuid, [validatorUid], [1], 2002);
    await expect(refused).rejects.toBeInstanceOf(TransactionRejectedError);
    await expect(refused).rejects.toMatchObject({ code: 'pool.StakeAmountTooLow' });
    await expect(refused).rejects.toThrow(
      `StakeAmountTooLow (Invalid(Custom(3))): ${validator.address} has less stake than the chain requires`,
    );
  });

  it("reads the subnet's self-declared identity", async () => {
    expect(await getSubnetIdentity(subtensor, devnet.netuid)).toBeUndefined();
    await devnet.setStorage({
      SubtensorModule: {
        SubnetIdentities: [
          [
            [devnet.netuid],
            { subnetName: 'pixel', githubRepo: 'https://github.com/PlixML/pixel', subnetContact: '' },
          ],
        ],
      },
    });
    expect(await getSubnetIdentity(subtensor, devnet.netuid)).toEqual({
      subnetName: 'pixel',
      githubRepo: 'https://github.com/PlixML/pixel',
      subnetContact: '',
      subnetUrl: '',
      discord: '',
      description: '',
      logoUrl: '',
      additional: '',
    });
  });

  describe('a chain that stops answering', () => {
    let proxy: StallingProxy;
    beforeEach(async () => {
      proxy = await startStallingProxy(devnet.endpoint);
    });
    afterEach(() => proxy.close());

    it('fails a hung call with a ChainTimeoutError instead of hanging', async () => {
      const viaProxy = await connectSubtensor({ endpoint: proxy.endpoint, callTimeoutMs: 3_000 });
      try {
        expect(await getCurrentBlock(viaProxy)).toBe(await getCurrentBlock(subtensor));
        proxy.stall();
        const hung = getUidForHotkey(viaProxy, devnet.netuid, validator.address);
        await expect(hung).rejects.toBeInstanceOf(ChainTimeoutError);
        await expect(hung).rejects.toThrow(
          `Reading subtensorModule.uids got no answer from ${proxy.endpoint} within 3000 ms`,
        );
        await expect(commitModel(viaProxy, validator, devnet.netuid, modelId('x'))).rejects.toBeInstanceOf(
          ChainTimeoutError,
        );
      } finally {
        await viaProxy.disconnect();
      }
    });

    it('reconnects by itself after the connection drops', async () => {
      const viaProxy = await connectSubtensor({ endpoint: proxy.endpoint, callTimeoutMs: 30_000 });
      try {
        const head = await getCurrentBlock(viaProxy);
        const disconnected = new Promise((resolve) => viaProxy.api.once('disconnected', resolve));
        proxy.dropConnections();
        await disconnected;
        expect(await getCurrentBlock(viaProxy)).toBe(head);
        expect(await getUidForHotkey(viaProxy, devnet.netuid, validator.address)).toBe(1);
      } finally {
        await viaProxy.disconnect();
      }
    });

    it('gives up connecting after the connect timeout', async () => {
      proxy.stall();
      await expect(connectSubtensor({ endpoint: proxy.endpoint, connectTimeoutMs: 1_000 })).rejects.toThrow(
        `Connecting got no answer from ${proxy.endpoint} within 1000 ms`,
      );
    });
  });
});
