export type {
  Devnet,
  DevnetAccounts,
  ForkChainOptions,
  ForkedChain,
  LocalChain,
  LocalChainOptions,
  StartDevnetOptions,
  SubnetIdentityFields,
} from './types.js';
export { startDevnet, startDevnet as start } from './lib/start-devnet.js';
export { forkChain } from './lib/fork-chain.js';
export { commitRaw } from './lib/commit-raw.js';
export { setSubnetIdentity } from './lib/set-subnet-identity.js';
