import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TrainingState } from './types.js';

/** The `training_state.json` of a checkpoint folder, checked. */
export async function readTrainingState(dir: string): Promise<TrainingState> {
  const file = path.join(dir, 'training_state.json');
  let state: Partial<TrainingState>;
  try {
    state = JSON.parse(await readFile(file, 'utf8')) as Partial<TrainingState>;
  } catch (error) {
    throw new Error(
      `${dir} is not a readable training checkpoint (${file}: ${(error as Error).message}). Pick another checkpoint-<step> folder.`,
    );
  }
  if (state.format !== 1 || !Number.isInteger(state.globalStep) || !Number.isSafeInteger(state.seed)) {
    throw new Error(
      `${file} is not a training state this version understands; resume from another checkpoint.`,
    );
  }
  return state as TrainingState;
}
