/** The socket error behind what polkadot-js reports: ws' ErrorEvent carries it as `error`. */
function socketError(failure: unknown): { code?: unknown; message?: unknown; errors?: unknown } | undefined {
  if (typeof failure !== 'object' || failure === null) return undefined;
  const inner = (failure as { error?: unknown }).error;
  return typeof inner === 'object' && inner !== null ? inner : failure;
}

/** The errno code of a connection error; Node's dual-stack connect wraps one per address in an AggregateError. */
function errnoCode(error: { code?: unknown; errors?: unknown } | undefined): string | undefined {
  if (typeof error?.code === 'string') return error.code;
  const [first] = Array.isArray(error?.errors) ? (error.errors as unknown[]) : [];
  return typeof first === 'object' && first !== null ? errnoCode(first) : undefined;
}

/**
 * Why connecting to `endpoint` failed, in words, from what the WebSocket provider or the API reported:
 * a socket error event, an Error, or nothing when the connection was just closed.
 */
export function connectionFailureReason(endpoint: string, failure: unknown): string {
  const error = socketError(failure);
  const code = errnoCode(error);
  const host = new URL(endpoint).hostname;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (nothing listens there)';
    case 'ENOTFOUND':
      return `the host name ${host} does not resolve (ENOTFOUND)`;
    case 'EAI_AGAIN':
      return `the host name ${host} could not be looked up (EAI_AGAIN): check the name and the network`;
    case 'ECONNRESET':
      return 'the connection was reset before the node answered (ECONNRESET)';
    case 'ETIMEDOUT':
      return 'the connection timed out (ETIMEDOUT)';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no route to ${host} (${code}): check the network`;
  }
  const message = typeof error?.message === 'string' ? error.message : '';
  if (message) return code && !message.includes(code) ? `${message} (${code})` : message;
  return 'the node closed the connection before it was ready';
}
