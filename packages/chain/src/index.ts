export type * from './types/public.js';
export {
  ChainCallError,
  ChainTimeoutError,
  ChainUnreachableError,
  HotkeyNotRegisteredError,
  RateLimitError,
  TransactionRejectedError,
  WalletError,
  WrongPasswordError,
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
export { promptPassword } from './lib/prompt-password.js';
export { readKeyfileData, type ReadKeyfileOptions } from './lib/read-keyfile-data.js';
export { readKeyfilePasswordFromEnv } from './lib/read-keyfile-password-from-env.js';
export { walletFiles } from './lib/wallet-files.js';

// Connection and CLI options
export { connectSubtensor } from './lib/connect-subtensor.js';
export { networkName } from './lib/network-name.js';
export { resolveChainCliConfig } from './lib/resolve-chain-cli-config.js';

// Metagraph
export { getCurrentBlock } from './lib/get-current-block.js';
export { getMetagraph, type GetMetagraphOptions } from './lib/get-metagraph.js';
export { getSubnetIdentity } from './lib/get-subnet-identity.js';
export { getUidForHotkey } from './lib/get-uid-for-hotkey.js';
export { requireRegisteredUid } from './lib/require-registered-uid.js';

// Model commitments
export { commitModel } from './lib/commit-model.js';
export { getAllModelMetadata } from './lib/get-all-model-metadata.js';
export { getModelMetadata, type GetModelMetadataOptions } from './lib/get-model-metadata.js';
export { sampleModelMetadata } from './lib/sample-model-metadata.js';

// Weights
export { getWeights } from './lib/get-weights.js';
export { normalizeWeights } from './lib/normalize-weights.js';
export { setWeights } from './lib/set-weights.js';
