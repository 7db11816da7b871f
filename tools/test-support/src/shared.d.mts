/** The read-only test material: PIXEL_SHARED_DIR, or `shared/` beside the repository. */
export declare const SHARED_DIR: string;

/** Paths into SHARED_DIR that tests and benches read. */
export declare const SHARED: Readonly<{
  /** The subtensor runtime's raw chain spec (spec 218) that tools/devnet runs. */
  chainSpec: string;
  /** btcli wallet files (`public-wallet`, hotkey `miner`). */
  walletsDir: string;
  /** What the public wallet's keys must decode to. */
  walletExpected: string;
  /** The reference vectors of the Python miner (see referenceVectors()). */
  referenceVectors: string;
  /** Every fixture folder. */
  fixtures: string;
  /** The tiny SDXL pipeline produced by diffusers/transformers. */
  tinyPipeline: string;
  /** The tiny UNet + VAE + scheduler fixture produced by diffusers. */
  unetVaeTiny: string;
  /** The same UNet design at batch 2 with non-square latents, and every parameter's gradient (diffusers). */
  unetB2: string;
  /** Full-size SDXL base configs and key lists (no weights). */
  sdxlBaseKeys: string;
}>;
