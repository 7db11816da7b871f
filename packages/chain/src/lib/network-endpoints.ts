/** The SDK's network names and their endpoints (bittensor/core/settings.py). */
export const NETWORK_ENDPOINTS: Readonly<Record<string, string>> = Object.freeze({
  finney: 'wss://entrypoint-finney.opentensor.ai:443',
  test: 'wss://test.finney.opentensor.ai:443',
  archive: 'wss://archive.chain.opentensor.ai:443',
  local: 'ws://127.0.0.1:9944',
  'latent-lite': 'wss://lite.sub.latent.to:443',
});
