import type * as tf from '@tensorflow/tfjs-core';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '@pixel/files';
import type { Adafactor } from '../optim/adafactor.js';
import type { AdamW } from '../optim/adamw.js';
import { writeSafetensors } from '../safetensors/write-safetensors.js';
import type { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import { optimizerStateKey } from './optimizer-state-key.js';
import { toFileSystemErrorAt } from './to-file-system-error-at.js';
import type { AveragedWeights, TrainingState } from './types.js';

export const CHECKPOINT_NAME = /^checkpoint-(\d+)$/;
const TEMPORARY_CHECKPOINT = /^checkpoint-\d+\.tmp-/;

export interface SaveTrainingCheckpointInput {
  outputDir: string;
  unet: UNet2DConditionModel;
  optimizer: AdamW | Adafactor;
  ema?: AveragedWeights;
  state: TrainingState;
  /** `--checkpoints_total_limit`: the newest this many checkpoints are kept. */
  totalLimit?: number;
}

/**
 * Writes `output_dir/checkpoint-<step>`: the UNet in diffusers format (`unet/`), the optimizer's state
 * (`optimizer.safetensors`, float32, as the optimizer holds it, so a resume is bit-exact: AdamW's moments as
 * `exp_avg.<key>` and `exp_avg_sq.<key>`, Adafactor's as `exp_avg_sq_row.<key>`, `exp_avg_sq_col.<key>`,
 * `exp_avg_sq.<key>` and with beta1 `exp_avg.<key>`), the EMA weights (`ema.safetensors`, from the device or
 * host memory) and `training_state.json` (step, seed, smoothed loss, the optimizer). Everything goes into
 * `checkpoint-<step>.tmp-<random>` first and the folder is renamed when complete, so a crash never leaves a
 * folder that looks like a checkpoint. Then the oldest checkpoints beyond `totalLimit` are removed. A
 * file-system failure (a full disk, say) is a FileSystemError naming `checkpoint-<step>` and the fix.
 */
export async function saveTrainingCheckpoint(input: SaveTrainingCheckpointInput): Promise<string> {
  const final = path.join(input.outputDir, `checkpoint-${input.state.globalStep}`);
  try {
    return await writeCheckpoint(input, final);
  } catch (error) {
    throw toFileSystemErrorAt(error, final, {
      action: 'write the checkpoint',
      elsewhere: 'or choose another folder with --output_dir',
    });
  }
}

async function writeCheckpoint(input: SaveTrainingCheckpointInput, final: string): Promise<string> {
  const { outputDir, unet, optimizer, ema, state } = input;
  const temporary = `${final}.tmp-${randomBytes(4).toString('hex')}`;
  await removeAbandoned(outputDir);
  await mkdir(temporary, { recursive: true });
  try {
    await unet.savePretrained(path.join(temporary, 'unet'), { dtype: 'float32' });
    const keys = [...unet.namedParameters()].map(([key]) => key);
    // The optimizer's own tensors, not copies: each is read only when the writer reaches it.
    await writeSafetensors(
      path.join(temporary, 'optimizer.safetensors'),
      [...optimizer.stateTensors()].map(([name, tensor]) => rawEntry(optimizerStateKey(name, keys), tensor)),
      { metadata: { step: String(optimizer.step) } },
    );
    if (ema) {
      const shapes = unet.trainableVariables().map((variable) => variable.shape);
      await writeSafetensors(
        path.join(temporary, 'ema.safetensors'),
        keys.map((key, index) => rawEntry(key, ema.shadow[index]!, shapes[index])),
      );
    }
    await writeFileAtomic(path.join(temporary, 'training_state.json'), `${JSON.stringify(state, null, 2)}\n`);
    // A checkpoint of the same step from an earlier, interrupted run is replaced whole.
    await rm(final, { recursive: true, force: true });
    await rename(temporary, final);
    if (input.totalLimit !== undefined) await removeOldest(outputDir, input.totalLimit);
    return final;
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}

/**
 * One tensor (or host array of `shape`) as a safetensors entry read when the writer reaches it
 * (asynchronously: webgpu cannot read synchronously).
 */
function rawEntry(name: string, value: tf.Tensor | Float32Array, shape?: readonly number[]) {
  return {
    name,
    shape: value instanceof Float32Array ? shape! : value.shape,
    dtype: 'F32' as const,
    data: async () => (value instanceof Float32Array ? value : ((await value.data()) as Float32Array)),
  };
}

/** Temporary checkpoint folders left by a killed run. */
async function removeAbandoned(outputDir: string): Promise<void> {
  const names = await readdir(outputDir).catch(() => [] as string[]);
  for (const name of names.filter((entry) => TEMPORARY_CHECKPOINT.test(entry))) {
    await rm(path.join(outputDir, name), { recursive: true, force: true });
  }
}

async function removeOldest(outputDir: string, keep: number): Promise<void> {
  const steps = (await readdir(outputDir))
    .map((entry) => CHECKPOINT_NAME.exec(entry)?.[1])
    .filter((step): step is string => step !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  for (const step of steps.slice(0, Math.max(0, steps.length - keep))) {
    await rm(path.join(outputDir, `checkpoint-${step}`), { recursive: true, force: true });
  }
}
