import type { FileHandle } from 'node:fs/promises';
import { writeFileAtomic } from '@pixel/files';
import type { SafetensorsWriteEntry, TensorData, WriteSafetensorsOptions } from '../../types/safetensors.js';
import { DTYPE_BYTES, DTYPE_WRITE_RANK, isSafetensorsDtype, STORAGE_ARRAYS } from './dtypes.js';
import { SafetensorsError } from './errors.js';
import { float32ToBfloat16 } from './float32-to-bfloat16.js';
import { float32ToFloat16 } from './float32-to-float16.js';
import { MAX_IO_CHUNK } from './read-exactly.js';

/**
 * Writes tensors to a safetensors file byte-for-byte as the Python `safetensors` library lays it out
 * (tensors sorted by dtype alignment descending then name, compact JSON header padded with spaces to a
 * multiple of 8), streaming one tensor at a time: an entry's `data` may be a function, called only when
 * that tensor is written. The file appears complete or not at all (temporary file + rename).
 */
export async function writeSafetensors(
  path: string,
  entries: readonly SafetensorsWriteEntry[],
  options: WriteSafetensorsOptions = {},
): Promise<void> {
  const ordered = [...entries].sort(
    (a, b) =>
      DTYPE_WRITE_RANK[b.dtype] - DTYPE_WRITE_RANK[a.dtype] || Buffer.compare(utf8(a.name), utf8(b.name)),
  );
  const header = encodeHeader(path, ordered, options.metadata);
  await writeFileAtomic(path, async (handle) => {
    const prefix = Buffer.alloc(8);
    prefix.writeBigUInt64LE(BigInt(header.length));
    await writeAll(handle, prefix);
    await writeAll(handle, header);
    for (const entry of ordered) {
      const data = typeof entry.data === 'function' ? await entry.data() : entry.data;
      await writeAll(handle, encodeTensor(path, entry, data));
    }
  });
}

function encodeHeader(
  path: string,
  entries: readonly SafetensorsWriteEntry[],
  metadata: Record<string, string> | undefined,
): Buffer {
  const fields: string[] = [];
  if (metadata !== undefined) {
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== 'string') {
        throw new SafetensorsError(
          path,
          `metadata "${key}" must be a string (safetensors metadata is a string map).`,
        );
      }
    }
    fields.push(`"__metadata__":${JSON.stringify(metadata)}`);
  }
  const names = new Set<string>();
  let offset = 0;
  for (const { name, dtype, shape } of entries) {
    if (!isSafetensorsDtype(dtype))
      throw new SafetensorsError(path, `tensor "${name}" has unknown dtype "${dtype}".`);
    if (name === '__metadata__' || names.has(name)) {
      throw new SafetensorsError(
        path,
        `tensor name "${name}" is ${names.has(name) ? 'used twice' : 'reserved'}.`,
      );
    }
    if (!shape.every((dim) => Number.isSafeInteger(dim) && dim >= 0)) {
      throw new SafetensorsError(path, `tensor "${name}" has an invalid shape [${shape.join(', ')}].`);
    }
    names.add(name);
    const byteLength = shape.reduce((product, dim) => product * dim, DTYPE_BYTES[dtype]);
    fields.push(
      `${JSON.stringify(name)}:{"dtype":"${dtype}","shape":[${shape.join(',')}],"data_offsets":[${offset},${offset + byteLength}]}`,
    );
    offset += byteLength;
  }
  const json = utf8(`{${fields.join(',')}}`);
  const padding = (8 - (json.length % 8)) % 8;
  return Buffer.concat([json, Buffer.alloc(padding, 0x20)]);
}

function encodeTensor(path: string, entry: SafetensorsWriteEntry, data: TensorData): Uint8Array {
  // Floating-point tensors are always Float32Array in memory, whatever their width on disk.
  const source = entry.dtype === 'F16' || entry.dtype === 'BF16' ? Float32Array : STORAGE_ARRAYS[entry.dtype];
  const elements = entry.shape.reduce((product, dim) => product * dim, 1);
  if (!(data instanceof source) || data.length !== elements) {
    throw new SafetensorsError(
      path,
      `tensor "${entry.name}" (${entry.dtype} [${entry.shape.join(', ')}]) needs a ${source.name} of ` +
        `${elements} values, got a ${data.constructor.name} of ${data.length}.`,
    );
  }
  const encoded =
    entry.dtype === 'F16'
      ? float32ToFloat16(data as Float32Array)
      : entry.dtype === 'BF16'
        ? float32ToBfloat16(data as Float32Array)
        : data;
  return new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength);
}

async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, Math.min(bytes.length - done, MAX_IO_CHUNK));
    done += bytesWritten;
  }
}

function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}
