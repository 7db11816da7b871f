import path from 'node:path';

import type { WalletFiles, WalletLocation } from '../types/public.js';
import { expandHome } from './expand-home.js';

/** The absolute paths of a wallet's files, laid out as the Bittensor SDK does. */
export function walletFiles(wallet: WalletLocation): WalletFiles {
  const walletDir = path.join(expandHome(wallet.path), wallet.name);
  return {
    coldkey: path.join(walletDir, 'coldkey'),
    coldkeyPub: path.join(walletDir, 'coldkeypub.txt'),
    hotkey: path.join(walletDir, 'hotkeys', wallet.hotkey),
    hotkeyPub: path.join(walletDir, 'hotkeys', `${wallet.hotkey}pub.txt`),
  };
}
