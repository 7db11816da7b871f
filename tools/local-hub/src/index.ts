export { startLocalHub } from './lib/start-local-hub.js';
export type {
  LocalHub,
  LocalHubFault,
  LocalHubOptions,
  LocalHubRequest,
  LocalHubUser,
} from './types/public.js';
