// Test helpers other workspace packages' tests share, reachable as "@pixel/miner/test-support" only
// under the "@pixel/source" condition (jest and typecheck): never built nor published.
export { writeOversizedUnet } from './write-oversized-unet.js';
export { writeUnetVariant } from './write-unet-variant.js';
export { writeUnetWithConfig } from './write-unet-with-config.js';
export { commitUncheckedModel } from './commit-unchecked-model.js';
export { setLocalSubnetIdentity } from './set-local-subnet-identity.js';
export {
  useLocalChainAndHub,
  type LocalChainAndHub,
  type LocalChainAndHubOptions,
} from './use-local-chain-and-hub.js';
