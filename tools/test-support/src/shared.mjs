// The one place that knows where the read-only test material is: `../shared` beside the repository
// (fixtures, vectors, the chain spec), or PIXEL_SHARED_DIR. Plain JavaScript because jest.preset.js imports
// it too, before any TypeScript transform exists; its types are in shared.d.mts.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export const SHARED_DIR = path.resolve(process.env.PIXEL_SHARED_DIR || path.join(repoRoot, '../shared'));

if (!existsSync(SHARED_DIR)) {
  throw new Error(
    `Shared test materials not found at ${SHARED_DIR}. Clone the repo next to shared/ or set PIXEL_SHARED_DIR.`,
  );
}

const inShared = (relative) => path.join(SHARED_DIR, relative);

export const SHARED = Object.freeze({
  chainSpec: inShared('chain/subtensor-runtime-spec218.json'),
  walletsDir: inShared('vectors/wallets'),
  walletExpected: inShared('vectors/wallets/public-wallet.expected.json'),
  referenceVectors: inShared('vectors/reference-vectors.json'),
  fixtures: inShared('fixtures'),
  tinyPipeline: inShared('fixtures/tiny-sdxl-pipe'),
  unetVaeTiny: inShared('fixtures/sdxl-unet-vae-tiny'),
  unetB2: inShared('fixtures/sdxl-unet-b2'),
  sdxlBaseKeys: inShared('fixtures/sdxl-base-keys'),
});
