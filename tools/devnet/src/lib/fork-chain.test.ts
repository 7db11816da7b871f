import { fileURLToPath } from 'node:url';

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Option } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { referenceVectors, SHARED, spawnTypeScript } from '@pixel-tools/test-support';

import { closedPort } from '../test-support/closed-port.js';
import type { Devnet } from '../types.js';
import { commitRaw } from './commit-raw.js';
import { forkChain } from './fork-chain.js';
import { startDevnet } from './start-devnet.js';

const DEVNET_BIN = fileURLToPath(new URL('../bin/devnet.ts', import.meta.url));
const MODEL_ID = referenceVectors().model_ids[0]!.compressed;

interface ExitedProcess {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the real devnet CLI; resolve with its first stdout line (it then keeps serving), or reject with its stderr if it exits first. */
function startDevnetProcess(args: readonly string[]) {
  const child = spawnTypeScript(DEVNET_BIN, args);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<ExitedProcess>((resolve) =>
    child.once('exit', (code) => resolve({ code, stdout, stderr })),
  );
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
    });
    void exited.then(({ code }) => reject(new Error(`devnet exited with ${code}: ${stderr}`)));
  });
  // A caller that only waits for the exit does not read the first line.
  firstLine.catch(() => undefined);
  return { child, firstLine, exited };
}

async function connect(endpoint: string): Promise<ApiPromise> {
  return ApiPromise.create({ provider: new WsProvider(endpoint), noInitWarn: true });
}

async function commitmentOf(api: ApiPromise, netuid: number, hotkey: string): Promise<string | undefined> {
  const entry = (await api.query.commitments!.commitmentOf!(netuid, hotkey)) as Option<Codec>;
  if (entry.isNone) return undefined;
  const info = entry.unwrap().toJSON() as { info: { fields: Record<string, string>[] } };
  const raw = Object.values(info.info.fields[0]!)[0]!;
  return Buffer.from(raw.slice(2), 'hex').toString('utf8');
}

async function freeBalance(api: ApiPromise, address: string): Promise<bigint> {
  const account = (await api.query.system.account(address)) as unknown as { data: { free: Codec } };
  return BigInt(account.data.free.toString());
}

describe('forkChain (devnet --endpoint)', () => {
  let miner: KeyringPair;

  beforeAll(async () => {
    await cryptoWaitReady();
    miner = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Charlie_hk');
  });

  describe('forking the spec-218 devnet, as a miner forks finney to rehearse', () => {
    let upstream: Devnet;
    let upstreamApi: ApiPromise;

    beforeAll(async () => {
      // The miner's hotkey is registered upstream, as a miner's is on finney's subnet 17.
      upstream = await startDevnet({ specPath: SHARED.chainSpec, hotkeys: [miner.address] });
      upstreamApi = await connect(upstream.endpoint);
    });

    afterAll(async () => {
      await upstreamApi?.disconnect();
      await upstream?.stop();
    });

    it('serves a fork of the upstream at its head, funds the accounts asked for, and keeps a commitment on the fork', async () => {
      const upstreamHead = await upstreamApi.rpc.chain.getHeader();
      const fork = startDevnetProcess(['--endpoint', upstream.endpoint, '--fund', miner.address]);
      let forkApi: ApiPromise | undefined;
      try {
        const printed = JSON.parse(await fork.firstLine) as Record<string, unknown>;
        expect(printed).toMatchObject({
          endpoint: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+$/),
          upstream: upstream.endpoint,
          forkedAt: { number: upstreamHead.number.toNumber(), hash: upstreamHead.hash.toHex() },
          funded: [miner.address],
        });
        forkApi = await connect(printed.endpoint as string);

        // The fork holds the upstream's state: the subnet and the miner's registration.
        const uid = await forkApi.query.subtensorModule!.uids!(upstream.netuid, miner.address);
        expect(uid.toJSON()).toBe(1);
        expect(await freeBalance(forkApi, miner.address)).toBe(1_000_000_000_000_000n);
        expect(await freeBalance(upstreamApi, miner.address)).toBe(0n);

        await commitRaw(forkApi, miner, upstream.netuid, MODEL_ID);

        expect(await commitmentOf(forkApi, upstream.netuid, miner.address)).toBe(MODEL_ID);
        expect(await commitmentOf(upstreamApi, upstream.netuid, miner.address)).toBeUndefined();
        expect((await upstreamApi.rpc.chain.getHeader()).hash.toHex()).toBe(upstreamHead.hash.toHex());
      } finally {
        await forkApi?.disconnect();
        fork.child.kill('SIGTERM');
      }
      expect((await fork.exited).code).toBe(0);
    });
  });

  it('fails at once, naming the upstream, when it cannot reach it (chopsticks alone would retry forever)', async () => {
    const endpoint = `ws://127.0.0.1:${await closedPort()}`;
    await expect(forkChain({ endpoint })).rejects.toThrow(`devnet: cannot reach ${endpoint} to fork it`);
  }, 30_000);

  it('exits 1 with that message, no stack, when the CLI cannot reach the upstream', async () => {
    const endpoint = `ws://127.0.0.1:${await closedPort()}`;
    const { exited } = startDevnetProcess(['--endpoint', endpoint]);
    const { code, stderr } = await exited;
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^devnet: cannot reach ${endpoint} to fork it`));
    expect(stderr).toMatch(/forking finney needs network access/);
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
