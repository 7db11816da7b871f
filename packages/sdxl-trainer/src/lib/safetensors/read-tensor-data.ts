import type { FileHandle } from 'node:fs/promises';
import type { SafetensorsHeader, SafetensorsTensorInfo, TensorData } from '../../types/safetensors.js';
import { bfloat16ToFloat32 } from './bfloat16-to-float32.js';
import { STORAGE_ARRAYS } from './dtypes.js';
import { SafetensorsError } from './errors.js';
import { float16ToFloat32 } from './float16-to-float32.js';
import { readExactly } from './read-exactly.js';

/**
 * Reads one tensor's byte range from an open safetensors file straight into a fresh typed array (no
 * intermediate copy for F32); F16 and BF16 are widened to a Float32Array. The header must already be
 * validated, so the range is known to be in bounds.
 */
export async function readTensorData(
  handle: FileHandle,
  header: SafetensorsHeader,
  tensor: SafetensorsTensorInfo,
): Promise<TensorData> {
  const [begin, end] = tensor.dataOffsets;
  const elements = tensor.shape.reduce((product, dim) => product * dim, 1);
  let array: InstanceType<(typeof STORAGE_ARRAYS)[typeof tensor.dtype]>;
  try {
    array = new STORAGE_ARRAYS[tensor.dtype](elements);
  } catch (error) {
    throw new SafetensorsError(
      header.path,
      `tensor "${tensor.name}" (${tensor.dtype} [${tensor.shape.join(', ')}]) cannot be held in memory: ${(error as Error).message}.`,
    );
  }
  await readExactly(handle, header.path, header.dataStart + begin, end - begin, new Uint8Array(array.buffer));
  if (tensor.dtype === 'F16') return float16ToFloat32(array as Uint16Array);
  if (tensor.dtype === 'BF16') return bfloat16ToFloat32(array as Uint16Array);
  return array;
}
