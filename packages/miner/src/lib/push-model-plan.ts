import type { UNet2DConditionModel } from '@pixel/sdxl-trainer';
import type { MinerConfig, MinerWallet, PushOptions, PushPlan } from '../types/public.js';
import { preparePush } from './push-model-prepare.js';
import { withPushWorkDir } from './push-model-work-dir.js';

/**
 * The dry run of `pushModel`: every check the push makes before publishing anything, the same way (the UNet is
 * converted, so non-finite weights and the real size are found too), then the repo it would go to and the
 * steps it would take. Nothing is uploaded, committed or published; the converted files are removed.
 */
export async function planPush(params: {
  model: UNet2DConditionModel | string;
  options: PushOptions;
  config: MinerConfig;
  wallet: MinerWallet;
}): Promise<PushPlan> {
  return withPushWorkDir({ workDir: params.options.workDir, log: params.config.log }, async (workDir) => {
    const { repo, parameterCount, uploadBytes, steps } = await preparePush({ ...params, workDir });
    return { repo, parameterCount, uploadBytes, steps };
  });
}
