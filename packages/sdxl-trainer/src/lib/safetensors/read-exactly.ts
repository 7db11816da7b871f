import type { FileHandle } from 'node:fs/promises';
import { SafetensorsError } from './errors.js';

/** fs reads and writes take at most 2^31 - 1 bytes at once; larger tensors go in 1 GiB pieces. */
export const MAX_IO_CHUNK = 2 ** 30;

/**
 * Reads exactly `target.byteLength` bytes (or `length` fresh bytes) at `position`. A short read means the
 * file shrank after its header was checked, which is reported rather than returning partial data.
 */
export async function readExactly(
  handle: FileHandle,
  path: string,
  position: number,
  length: number,
  target: Uint8Array = new Uint8Array(length),
): Promise<Uint8Array> {
  let done = 0;
  while (done < length) {
    const chunk = Math.min(length - done, MAX_IO_CHUNK);
    const { bytesRead } = await handle.read(target, done, chunk, position + done).catch((error: Error) => {
      throw new SafetensorsError(
        path,
        `reading ${chunk} bytes at ${position + done} failed (${error.message}).`,
      );
    });
    if (bytesRead === 0) {
      throw new SafetensorsError(
        path,
        `the file ended at byte ${position + done} while reading ${length} bytes at ${position}: it is truncated or was modified while being read.`,
      );
    }
    done += bytesRead;
  }
  return target;
}
