import { UsageError } from '@pixel/constraints';

import { resolveChainCliConfig } from './resolve-chain-cli-config.js';

describe('resolveChainCliConfig', () => {
  it('defaults like the SDK: finney and the default wallet', () => {
    expect(resolveChainCliConfig([], {})).toEqual({
      network: 'finney',
      endpoint: 'wss://entrypoint-finney.opentensor.ai:443',
      wallet: { path: '~/.bittensor/wallets/', name: 'default', hotkey: 'default' },
    });
  });

  it('reads flags in both spellings, over the BT_ variables', () => {
    const config = resolveChainCliConfig(
      [
        'upload',
        '--subtensor.network',
        'test',
        '--wallet.name=miner',
        '--wallet.hotkey',
        'hk1',
        '--other',
        'x',
      ],
      { BT_SUBTENSOR_NETWORK: 'local', BT_WALLET_NAME: 'env-name', BT_WALLET_PATH: '/wallets' },
    );
    expect(config).toEqual({
      network: 'test',
      endpoint: 'wss://test.finney.opentensor.ai:443',
      wallet: { path: '/wallets', name: 'miner', hotkey: 'hk1' },
    });
  });

  it('takes custom endpoints from the flag, the variable or a URL network', () => {
    expect(resolveChainCliConfig(['--subtensor.chain_endpoint', 'ws://127.0.0.1:9946'], {})).toMatchObject({
      network: 'local',
      endpoint: 'ws://127.0.0.1:9946',
    });
    expect(
      resolveChainCliConfig([], { BT_SUBTENSOR_CHAIN_ENDPOINT: 'wss://node.example:443' }),
    ).toMatchObject({
      network: 'custom',
      endpoint: 'wss://node.example:443',
    });
    expect(resolveChainCliConfig(['--subtensor.network=ws://localhost:1234'], {}).endpoint).toBe(
      'ws://localhost:1234',
    );
  });

  it.each([
    [['--subtensor.network', 'mainnet'], 'use one of finney, test'],
    [['--wallet.name'], '--wallet.name needs a value'],
    [['--wallet.nmae', 'x'], 'Unknown option --wallet.nmae'],
    [['--subtensor.chain_endpoint', 'http://x'], 'ws:// or wss://'],
  ])('explains bad input as a usage error (exit code 2): %j', (argv, message) => {
    const refusal = (() => {
      try {
        resolveChainCliConfig(argv, {});
      } catch (error) {
        return error;
      }
      throw new Error(`${argv.join(' ')} was accepted`);
    })();
    expect(refusal).toBeInstanceOf(UsageError);
    expect((refusal as Error).message).toContain(message);
  });
});
