import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PixelError } from '@pixel/constraints';
import { DamagedCheckpointError } from './damaged-checkpoint-error.js';
import type { TrainingState } from './types.js';

/**
 * The `training_state.json` of a checkpoint folder, checked. A missing, unreadable or cut-off file is a
 * {@link DamagedCheckpointError}; a state of another format version is refused with its own message.
 */
export async function readTrainingState(dir: string): Promise<TrainingState> {
  const file = path.join(dir, 'training_state.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const problem =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'is missing'
        : `cannot be read (${(error as Error).message})`;
    throw new DamagedCheckpointError(dir, file, problem, { cause: error });
  }
  let state: Partial<TrainingState> | null;
  try {
    state = JSON.parse(text) as Partial<TrainingState> | null;
  } catch (error) {
    throw new DamagedCheckpointError(
      dir,
      file,
      `is not valid JSON (${(error as Error).message}): it is cut off or corrupt`,
      { cause: error },
    );
  }
  if (state?.format !== 1 || !Number.isInteger(state.globalStep) || !Number.isSafeInteger(state.seed)) {
    throw new PixelError(
      `${file} is not a training state this version understands; resume from another checkpoint.`,
    );
  }
  return state as TrainingState;
}
