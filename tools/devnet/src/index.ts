export type {
  Devnet,
  DevnetAccounts,
  DevnetSource,
  StartDevnetOptions,
  SubnetIdentityFields,
} from './types.js';
export { startDevnet, startDevnet as start } from './lib/start-devnet.js';
export { commitRaw } from './lib/commit-raw.js';
export { setSubnetIdentity } from './lib/set-subnet-identity.js';
