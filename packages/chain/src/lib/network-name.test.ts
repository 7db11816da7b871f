import { networkName } from './network-name.js';

describe('networkName', () => {
  it("names the SDK's networks by name and any other endpoint by its URL", () => {
    expect(networkName('wss://entrypoint-finney.opentensor.ai:443')).toBe('finney');
    expect(networkName('wss://test.finney.opentensor.ai:443')).toBe('test');
    expect(networkName('ws://127.0.0.1:9944')).toBe('local');
    expect(networkName('ws://127.0.0.1:40123')).toBe('ws://127.0.0.1:40123');
  });
});
