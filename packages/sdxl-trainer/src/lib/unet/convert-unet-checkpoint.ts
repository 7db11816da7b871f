import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type {
  SafetensorsHeader,
  SafetensorsTensorInfo,
  SafetensorsWriteEntry,
} from '../../types/safetensors.js';
import type { ConvertUnetCheckpointOptions } from '../../types/unet.js';
import { countNonFinite } from '../safetensors/count-non-finite.js';
import { openSafetensors } from '../safetensors/open-safetensors.js';
import { readTensorData } from '../safetensors/read-tensor-data.js';
import { streamTensors } from '../safetensors/stream-tensors.js';
import { checkUnetCheckpoint } from './check-unet-checkpoint.js';
import { unetSafetensorsDtype } from './unet-safetensors-dtype.js';
import { writeUnetFolder } from './write-unet-folder.js';

/**
 * Rewrites a UNet folder (`config.json` + `diffusion_pytorch_model[.variant].safetensors`, or its shards and
 * index) in `dtype`, byte for byte as `(await UNet2DConditionModel.fromPretrained(sourceDir)).savePretrained(
 * targetDir, { dtype })` would, without building the model: the config and every key and shape are checked
 * exactly as `fromPretrained` checks them (`checkUnetCheckpoint`), then tensors are read, converted and
 * written one at a time, so only one tensor is in memory and no TensorFlow.js tensor is allocated. NaN or
 * infinite weights are reported by name as the loader reports them. Each file appears complete or not at all.
 *
 * @example
 * await convertUnetCheckpoint('sdxl-model-finetuned/unet', 'upload', { dtype: 'bfloat16' });
 */
export async function convertUnetCheckpoint(
  sourceDir: string,
  targetDir: string,
  { dtype, variant }: ConvertUnetCheckpointOptions,
): Promise<void> {
  const targetDtype = unetSafetensorsDtype(dtype);
  if (path.resolve(sourceDir) === path.resolve(targetDir)) {
    throw new Error(
      `convertUnetCheckpoint: the source and target are both ${path.resolve(sourceDir)}; converting in place could lose the source if it fails. Write to another folder.`,
    );
  }
  const { config, spec, source, headers } = await checkUnetCheckpoint(sourceDir, { variant });
  const located = new Map<string, { header: SafetensorsHeader; tensor: SafetensorsTensorInfo }>();
  for (const header of headers) {
    for (const tensor of header.tensors) located.set(tensor.name, { header, tensor });
  }

  const handles = new Map<string, Promise<FileHandle>>();
  const readFloat32 = async (name: string): Promise<Float32Array> => {
    const { header, tensor } = located.get(name)!;
    let handle = handles.get(header.path);
    if (handle === undefined) {
      handle = openSafetensors(header.path);
      handles.set(header.path, handle);
    }
    const data = await readTensorData(await handle, header, tensor);
    if (countNonFinite(data) > 0) {
      // Rare and fatal: scan every tensor so the error names them all, exactly as the loader's does.
      for await (const scanned of streamTensors(headers, { rejectNonFinite: true }, source)) void scanned;
    }
    return data instanceof Float32Array ? data : Float32Array.from(data as Float64Array);
  };
  const weights: SafetensorsWriteEntry[] = spec.map(({ key, shape }) => ({
    name: key,
    shape,
    dtype: targetDtype,
    data: () => readFloat32(key),
  }));
  try {
    await writeUnetFolder(targetDir, config, weights);
  } finally {
    await Promise.all(
      [...handles.values()].map((handle) => handle.then((opened) => opened.close()).catch(() => undefined)),
    );
  }
}
