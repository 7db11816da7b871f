import { open, stat, type FileHandle } from 'node:fs/promises';
import { SafetensorsError } from './errors.js';

/**
 * Opens a file for reading, turning a missing or unreadable file into a SafetensorsError that names it.
 * Only regular files are opened: a FIFO would block the open forever and a device or directory is never
 * a checkpoint.
 */
export async function openSafetensors(path: string): Promise<FileHandle> {
  try {
    const stats = await stat(path);
    if (!stats.isFile()) {
      throw new SafetensorsError(
        path,
        `not a regular file (a directory, device or pipe); pass a .safetensors file.`,
      );
    }
    return await open(path, 'r');
  } catch (error) {
    if (error instanceof SafetensorsError) throw error;
    throw new SafetensorsError(path, `cannot open the file (${(error as Error).message}).`);
  }
}
