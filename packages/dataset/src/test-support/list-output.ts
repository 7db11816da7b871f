import { readdir } from 'node:fs/promises';
import { STATE_DIR } from '../index.js';

/** The visible contents of an output folder, sorted, without the resume state. */
export async function listOutput(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name !== STATE_DIR).sort();
}
