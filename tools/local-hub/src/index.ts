export { startLocalHub } from './lib/start-local-hub.js';
export type {
  LocalHub,
  LocalHubFault,
  LocalHubHold,
  LocalHubOptions,
  LocalHubRequest,
  LocalHubRequestMatch,
  LocalHubUser,
} from './types/public.js';
