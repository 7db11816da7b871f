import { createConnection } from 'node:net';

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { Option, u16 } from '@polkadot/types';
import { SHARED } from '@pixel-tools/test-support';

import type { Devnet } from '../types.js';
import { startDevnet } from './start-devnet.js';

const specPath = SHARED.chainSpec;
// Dev accounts the devnet itself does not use (it uses //Alice, //Bob, //Bob_hk).
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
let MINER_HOTKEY: string;
let LATE_HOTKEY: string;

function portIsOpen(endpoint: string): Promise<boolean> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('startDevnet', () => {
  let devnet: Devnet;
  let api: ApiPromise;

  beforeAll(async () => {
    await cryptoWaitReady();
    MINER_HOTKEY = keyring.addFromUri('//Charlie_hk').address;
    LATE_HOTKEY = keyring.addFromUri('//Dave_hk').address;
    devnet = await startDevnet({ specPath, hotkeys: [MINER_HOTKEY] });
    console.log(`devnet start-up (chopsticks + subnet + 1 hotkey): ${devnet.startupMs.toFixed(0)} ms`);
    api = await ApiPromise.create({ provider: new WsProvider(devnet.endpoint), noInitWarn: true });
  });

  afterAll(async () => {
    // Normally the last test stops the chain; this only cleans up after a failure.
    if (api?.isConnected) await api.disconnect();
    if (devnet && (await portIsOpen(devnet.endpoint))) await devnet.stop();
  });

  it('serves on 127.0.0.1 and creates a subnet owned by //Bob with its hotkey as uid 0', async () => {
    expect(devnet.endpoint).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect((await api.query.subtensorModule!.networksAdded!(devnet.netuid)).toString()).toBe('true');
    expect((await api.query.subtensorModule!.keys!(devnet.netuid, 0)).toString()).toBe(
      devnet.accounts.ownerHotkey.address,
    );
    expect((await api.query.sudo!.key!()).toString()).toBe(devnet.accounts.sudo.address);
  });

  it('registers the requested hotkeys and more on demand, and reverts to a snapshot', async () => {
    const uidOf = async (hotkey: string) =>
      ((await api.query.subtensorModule!.uids!(devnet.netuid, hotkey)) as Option<u16>)
        .unwrapOr(undefined)
        ?.toNumber();
    expect(await uidOf(MINER_HOTKEY)).toBe(1);

    const snapshot = await devnet.snapshot();
    expect(await devnet.registerHotkeys([LATE_HOTKEY])).toEqual([2]);
    expect(await uidOf(LATE_HOTKEY)).toBe(2);

    await devnet.revert(snapshot);
    expect(await uidOf(LATE_HOTKEY)).toBeUndefined();
  });

  it('advances the head by n blocks in one step', async () => {
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    expect(await devnet.advanceBlocks(150)).toBe(head + 150);
    expect((await api.rpc.chain.getHeader()).number.toNumber()).toBe(head + 150);
    await expect(devnet.advanceBlocks(0)).rejects.toThrow('positive integer');
  });

  it('refuses a missing chain spec before starting anything, pointing a fork at forkChain', async () => {
    await expect(startDevnet({ endpoint: 'ws://127.0.0.1:1' } as never)).rejects.toThrow(
      'devnet: give specPath, a raw chain spec (e.g. subtensor-runtime-spec218.json); to fork a live chain, use forkChain',
    );
  });

  it('stops cleanly: the port is closed afterwards', async () => {
    await api.disconnect();
    expect(await portIsOpen(devnet.endpoint)).toBe(true);
    await devnet.stop();
    expect(await portIsOpen(devnet.endpoint)).toBe(false);
  });
});
