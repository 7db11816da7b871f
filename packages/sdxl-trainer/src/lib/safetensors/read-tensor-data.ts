import type { FileHandle } from 'node:fs/promises';
import type {
  SafetensorsDtype,
  SafetensorsHeader,
  SafetensorsTensorInfo,
  TensorData,
} from '../../types/safetensors.js';
import { bfloat16ToFloat32 } from './bfloat16-to-float32.js';
import { float16ToFloat32 } from './float16-to-float32.js';
import { readExactly } from './read-exactly.js';

/** Typed-array constructors for the dtypes whose bytes are used as they are (safetensors is little-endian). */
const DIRECT_ARRAYS = {
  BOOL: Uint8Array,
  U8: Uint8Array,
  I8: Int8Array,
  I16: Int16Array,
  U16: Uint16Array,
  I32: Int32Array,
  U32: Uint32Array,
  F32: Float32Array,
  F64: Float64Array,
  I64: BigInt64Array,
  U64: BigUint64Array,
  F16: Uint16Array,
  BF16: Uint16Array,
} satisfies Record<SafetensorsDtype, unknown>;

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
  const array = new DIRECT_ARRAYS[tensor.dtype](elements);
  await readExactly(handle, header.path, header.dataStart + begin, end - begin, new Uint8Array(array.buffer));
  if (tensor.dtype === 'F16') return float16ToFloat32(array as Uint16Array);
  if (tensor.dtype === 'BF16') return bfloat16ToFloat32(array as Uint16Array);
  return array;
}
