import type { FileHandle } from 'node:fs/promises';
import type { SafetensorsHeader } from '../../types/safetensors.js';
import { SafetensorsError } from './errors.js';
import { openSafetensors } from './open-safetensors.js';
import { parseSafetensorsHeader } from './parse-safetensors-header.js';
import { readExactly } from './read-exactly.js';

/** The largest header accepted, as in the Rust crate: a larger length prefix means a corrupt or hostile file. */
export const MAX_HEADER_BYTES = 100_000_000;

/**
 * Reads and validates the header of a safetensors file without reading any tensor data. Pass an open
 * handle to reuse it (it is left open); otherwise the file is opened and closed here.
 */
export async function readSafetensorsHeader(path: string, handle?: FileHandle): Promise<SafetensorsHeader> {
  const file = handle ?? (await openSafetensors(path));
  try {
    const { size } = await file.stat();
    if (size < 8) {
      throw new SafetensorsError(
        path,
        `the file is ${size} bytes, too short for the 8-byte header length: it is truncated or not a safetensors file.`,
      );
    }
    const prefix = await readExactly(file, path, 0, 8);
    const headerLength = Buffer.from(prefix.buffer, prefix.byteOffset, 8).readBigUInt64LE(0);
    if (headerLength > BigInt(MAX_HEADER_BYTES)) {
      throw new SafetensorsError(
        path,
        `the header length ${headerLength} exceeds the ${MAX_HEADER_BYTES}-byte limit: the file is corrupt or not a safetensors file.`,
      );
    }
    const headerBytes = Number(headerLength);
    if (8 + headerBytes > size) {
      throw new SafetensorsError(
        path,
        `the header length ${headerBytes} is longer than the file (${size} bytes): the file is truncated or corrupt.`,
      );
    }
    const header = await readExactly(file, path, 8, headerBytes);
    const dataStart = 8 + headerBytes;
    return { ...parseSafetensorsHeader(header, size - dataStart, path), dataStart };
  } finally {
    if (!handle) await file.close();
  }
}
