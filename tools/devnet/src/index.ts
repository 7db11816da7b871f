export type { Devnet, DevnetAccounts, DevnetSource, StartDevnetOptions } from './types.js';
export { startDevnet, startDevnet as start } from './lib/start-devnet.js';
