import { ChainUnreachableError } from '@pixel/chain';
import { UsageError } from '@pixel/constraints';
import { captureStream } from '../test-support/capture-stream.js';
import { logMessages } from '../test-support/log-messages.js';
import { createLogger } from './logger.js';
import { withSubtensor } from './with-subtensor.js';

describe('withSubtensor', () => {
  const context = () => {
    const out = captureStream();
    return { env: {}, logger: createLogger({ level: 'info', secrets: [], destination: out.stream }), out };
  };
  let used: boolean;
  const use = async () => {
    used = true;
  };
  beforeEach(() => {
    used = false;
  });

  it('refuses a bad --subtensor.network before connecting (exit code 2)', async () => {
    const ctx = context();
    const refusal = withSubtensor(ctx, { 'subtensor.network': 'nowhere', netuid: 17 }, use);
    await expect(refusal).rejects.toBeInstanceOf(UsageError);
    await expect(refusal).rejects.toThrow('Unknown --subtensor.network "nowhere"');
    expect(ctx.out.text()).toBe('');
    expect(used).toBe(false);
  });

  it('says where it connects, and a node that does not answer is an UnavailableError (exit code 3)', async () => {
    const ctx = context();
    const argv = { 'subtensor.chain_endpoint': 'ws://127.0.0.1:9', netuid: 17 };
    const refusal = withSubtensor(ctx, argv, use);
    await expect(refusal).rejects.toBeInstanceOf(ChainUnreachableError);
    await expect(refusal).rejects.toMatchObject({ exitCode: 3 });
    expect(logMessages(ctx.out.text())).toBe('Connecting to local (ws://127.0.0.1:9)');
    expect(used).toBe(false);
  });
});
