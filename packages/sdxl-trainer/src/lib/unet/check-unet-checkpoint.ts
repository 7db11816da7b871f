import path from 'node:path';
import type { SafetensorsHeader } from '../../types/safetensors.js';
import type { UNet2DConditionConfig } from '../../types/unet.js';
import type { ParameterSpecEntry } from '../nn/module.js';
import { SafetensorsError } from '../safetensors/errors.js';
import { readSafetensorsCheckpointHeaders } from '../safetensors/read-safetensors-checkpoint-headers.js';
import { readUnetConfig } from './read-unet-config.js';
import { UNet2DConditionModel } from './unet-2d-condition-model.js';

/** Source dtypes the loader reads as float32 weights. */
const FLOAT_DTYPES = new Set(['F32', 'F16', 'BF16', 'F64']);

/** A UNet folder checked as `checkUnetCheckpoint` checks it: its config, what it implies, and its weights' headers. */
export interface CheckedUnetCheckpoint {
  config: UNet2DConditionConfig;
  /** Every state_dict key and shape the config implies, in state_dict order. */
  spec: ParameterSpecEntry[];
  /** The single weights file or the shards' index, for errors about the whole checkpoint. */
  source: string;
  headers: SafetensorsHeader[];
}

/**
 * Everything `UNet2DConditionModel.fromPretrained(dir)` checks before it reads a weight, without building the
 * model or reading any tensor data: the config (every field bounded, a ModelConfigError naming the field),
 * then every key and shape of the weights' headers against what the config implies (one
 * SafetensorsKeyMismatchError listing every difference) and their dtypes (floating point). A committed
 * model that fails here is one validators cannot load either.
 */
export async function checkUnetCheckpoint(
  dir: string,
  { variant }: { variant?: string } = {},
): Promise<CheckedUnetCheckpoint> {
  const config = await readUnetConfig(path.join(dir, 'config.json'));
  const spec = UNet2DConditionModel.parameterSpec(config);
  const { source, headers } = await readSafetensorsCheckpointHeaders(dir, {
    variant,
    expected: new Map(spec.map(({ key, shape }) => [key, shape])),
  });
  const notFloat = headers.flatMap(({ tensors }) => tensors).filter(({ dtype }) => !FLOAT_DTYPES.has(dtype));
  if (notFloat.length > 0) {
    throw new SafetensorsError(
      source,
      `UNet weights must be floating point (F32, F16, BF16 or F64); ${notFloat
        .map((tensor) => `"${tensor.name}" is ${tensor.dtype}`)
        .join(', ')}.`,
    );
  }
  return { config, spec, source, headers };
}
