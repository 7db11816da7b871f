import { WsProvider } from '@polkadot/api';

export const FINNEY_ENDPOINT = 'wss://entrypoint-finney.opentensor.ai:443';

function describeSocketError(error: unknown): string {
  const { message, error: cause } = (error ?? {}) as { message?: unknown; error?: { message?: unknown } };
  const text = typeof cause?.message === 'string' ? cause.message : message;
  return typeof text === 'string' && text !== '' ? text : 'the connection failed';
}

/**
 * Check that `endpoint` is a ws(s):// URL of a node that answers JSON-RPC within `timeoutMs`, before chopsticks
 * is given it: chopsticks retries an unreachable endpoint forever and never returns.
 */
export async function probeUpstream(endpoint: string, timeoutMs: number): Promise<void> {
  if (!/^wss?:\/\/[^/\s]+/.test(endpoint)) {
    throw new Error(
      `devnet: the endpoint to fork must be the ws:// or wss:// URL of a node, got '${endpoint}' (finney: ${FINNEY_ENDPOINT})`,
    );
  }
  const unreachable = (reason: string) =>
    new Error(
      `devnet: cannot reach ${endpoint} to fork it (${reason}). Check the address, and that this machine can ` +
        `reach that node: forking finney needs network access to a finney node (${FINNEY_ENDPOINT} or your own).`,
    );
  const provider = new WsProvider(endpoint, false);
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(unreachable(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      provider.on('error', (error: unknown) => reject(unreachable(describeSocketError(error))));
      provider.on('connected', () => {
        provider.send('chain_getFinalizedHead', []).then(
          () => resolve(),
          (error: unknown) =>
            reject(unreachable(`it does not serve chain_getFinalizedHead: ${String(error)}`)),
        );
      });
      provider.connect().catch((error: unknown) => reject(unreachable(describeSocketError(error))));
    });
  } finally {
    clearTimeout(timer);
    await provider.disconnect().catch(() => undefined);
  }
}
