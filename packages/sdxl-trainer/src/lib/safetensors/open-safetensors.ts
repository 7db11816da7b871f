import { open, type FileHandle } from 'node:fs/promises';
import { SafetensorsError } from './errors.js';

/** Opens a file for reading, turning a missing or unreadable file into a SafetensorsError that names it. */
export async function openSafetensors(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    throw new SafetensorsError(path, `cannot open the file (${(error as Error).message}).`);
  }
}
