import path from 'node:path';

const sharedDir = process.env.PIXEL_SHARED_DIR ?? '';

/** The read-only ground truth of ../shared (set by jest.preset.js). */
export const SHARED = {
  chainSpec: path.join(sharedDir, 'chain', 'subtensor-runtime-spec218.json'),
  walletsDir: path.join(sharedDir, 'vectors', 'wallets'),
  walletExpected: path.join(sharedDir, 'vectors', 'wallets', 'public-wallet.expected.json'),
};
