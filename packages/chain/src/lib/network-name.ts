import { NETWORK_ENDPOINTS } from './network-endpoints.js';

/** How messages name the chain at `endpoint`: the SDK's network name for one of its endpoints ("finney"), else the URL. */
export function networkName(endpoint: string): string {
  return Object.entries(NETWORK_ENDPOINTS).find(([, known]) => known === endpoint)?.[0] ?? endpoint;
}
