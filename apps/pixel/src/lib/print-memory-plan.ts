import {
  formatMemoryPlan,
  planTrainingMemory,
  trainingMemoryPlanInput,
  type TrainOptions,
} from '@pixel/sdxl-trainer';
import type { CommandContext } from './context.js';
import { trainedUnetConfig } from './trained-unet-config.js';

/**
 * `pixel model train sdxl --print-memory-plan`: the memory plan of a run with these options, for the UNet it
 * would train (`trainedUnetConfig`; `resolve` resolves Hub ids and committed models as training does),
 * written to stdout as text, or with `json` (with --print-config) as the options' JSON with `memoryPlan` added.
 */
export async function printMemoryPlan(
  ctx: Pick<CommandContext, 'cwd' | 'stdout'>,
  options: TrainOptions,
  { resolve, json }: { resolve: () => Promise<TrainOptions>; json: boolean },
): Promise<void> {
  const unetConfig = await trainedUnetConfig(options, { cwd: ctx.cwd, resolve });
  const input = trainingMemoryPlanInput(options, unetConfig);
  const plan = planTrainingMemory(input);
  ctx.stdout.write(
    json
      ? `${JSON.stringify({ ...options, memoryPlan: plan }, null, 2)}\n`
      : `${formatMemoryPlan(plan, input)}\n`,
  );
}
