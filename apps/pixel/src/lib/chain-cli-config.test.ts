import { UsageError } from '@pixel/constraints';
import { captureStream } from '../test-support/capture-stream.js';
import { chainCliConfig } from './chain-cli-config.js';
import type { CommandContext } from './context.js';
import { createLogger } from './logger.js';
import { Terminal } from './terminal.js';

const context = (env: NodeJS.ProcessEnv): CommandContext => {
  const out = captureStream();
  return {
    logger: createLogger({ level: 'silent', secrets: [], destination: out.stream }),
    env,
    cwd: '/',
    stdout: out.stream,
    terminal: new Terminal(out.stream),
    interactive: false,
  };
};

describe('chainCliConfig', () => {
  it('reads the dotted chain flags, then the BT_* variables, without connecting', () => {
    expect(
      chainCliConfig(context({}), { 'subtensor.chain_endpoint': 'ws://127.0.0.1:9944', netuid: 3 }),
    ).toMatchObject({ endpoint: 'ws://127.0.0.1:9944', network: 'local' });
    expect(chainCliConfig(context({ BT_SUBTENSOR_NETWORK: 'test' }), {})).toMatchObject({ network: 'test' });
  });

  it('refuses a network it does not know with a UsageError (exit code 2)', () => {
    expect(() => chainCliConfig(context({}), { 'subtensor.network': 'nowhere' })).toThrow(UsageError);
    expect(() => chainCliConfig(context({}), { 'subtensor.network': 'nowhere' })).toThrow(
      'Unknown --subtensor.network "nowhere"',
    );
  });
});
