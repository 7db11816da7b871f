export type * from './types/public.js';
export {
  ChainCallError,
  ChainTimeoutError,
  HotkeyNotRegisteredError,
  RateLimitError,
  WalletError,
} from './lib/errors.js';

// Wallets
export { createWallet, type CreateWalletOptions, type CreatedWallet } from './lib/create-wallet.js';
export { decryptKeyfileData } from './lib/decrypt-keyfile-data.js';
export { encryptKeyfileData } from './lib/encrypt-keyfile-data.js';
export { keyfilePasswordEnvEntry } from './lib/keyfile-password-env-entry.js';
export { keyfilePasswordEnvVar } from './lib/keyfile-password-env-var.js';
export { keypairFromKeyfileData } from './lib/keypair-from-keyfile-data.js';
export { loadColdkey } from './lib/load-coldkey.js';
export { loadHotkey } from './lib/load-hotkey.js';
export { readKeyfileData, type ReadKeyfileOptions } from './lib/read-keyfile-data.js';
export { readKeyfilePasswordFromEnv } from './lib/read-keyfile-password-from-env.js';
export { walletFiles } from './lib/wallet-files.js';
