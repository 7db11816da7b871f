import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SHARED } from '@pixel-tools/test-support';
import type { UNet2DConditionConfig } from '../../index.js';

/** The diffusers test fixture's tiny SDXL-shaped UNet (32/64/64 channels, 2.0 M parameters). */
export const fixtureUnetConfig = JSON.parse(
  readFileSync(path.join(SHARED.unetVaeTiny, 'config.json'), 'utf8'),
) as UNet2DConditionConfig;
