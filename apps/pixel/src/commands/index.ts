import type { CommandModule } from 'yargs';
import type { CommandContext } from '../lib/context.js';
import { competitionsCommand } from './competitions.js';
import { datasetCommand } from './dataset.js';
import { doctorCommand } from './doctor.js';
import { modelTrainCommand } from './model-train.js';

/** Every top-level `pixel` command. Each module only parses flags and calls library functions. */
export function commandModules(ctx: CommandContext): CommandModule[] {
  return [competitionsCommand(ctx), datasetCommand(ctx), doctorCommand(ctx), modelTrainCommand(ctx)];
}
