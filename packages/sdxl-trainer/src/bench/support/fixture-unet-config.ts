import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { UNet2DConditionConfig } from '../../index.js';
import { sharedDir } from './shared-dir.js';

/** The diffusers test fixture's tiny SDXL-shaped UNet (32/64/64 channels, 2.0 M parameters). */
export const fixtureUnetConfig = JSON.parse(
  readFileSync(path.join(sharedDir, 'fixtures/sdxl-unet-vae-tiny/config.json'), 'utf8'),
) as UNet2DConditionConfig;
