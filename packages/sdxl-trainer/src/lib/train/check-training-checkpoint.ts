import { access } from 'node:fs/promises';
import path from 'node:path';
import { readSafetensorsCheckpointHeaders } from '../safetensors/read-safetensors-checkpoint-headers.js';
import { readSafetensorsHeader } from '../safetensors/read-safetensors-header.js';
import { DamagedCheckpointError } from './damaged-checkpoint-error.js';
import { readTrainingState } from './read-training-state.js';
import type { TrainingState } from './types.js';

/**
 * Checks that a checkpoint folder holds, whole, every file loadTrainingCheckpoint reads: training_state.json,
 * the UNet weights in `unet/`, optimizer.safetensors and, for a run with EMA, ema.safetensors. Only headers
 * and file sizes are read (no tensor data), so a truncated or garbled file is found in milliseconds, before
 * the models are loaded. Returns the training state; a missing or damaged file is a
 * {@link DamagedCheckpointError} naming it.
 */
export async function checkTrainingCheckpoint(dir: string): Promise<TrainingState> {
  const state = await readTrainingState(dir);
  const weights = [path.join(dir, 'optimizer.safetensors')];
  if (state.emaOptimizationStep !== undefined) weights.push(path.join(dir, 'ema.safetensors'));
  try {
    await readSafetensorsCheckpointHeaders(path.join(dir, 'unet'));
    for (const file of weights) {
      if (!(await exists(file))) throw new DamagedCheckpointError(dir, file, 'is missing');
      await readSafetensorsHeader(file);
    }
  } catch (error) {
    throw DamagedCheckpointError.fromReadError(dir, error);
  }
  return state;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
