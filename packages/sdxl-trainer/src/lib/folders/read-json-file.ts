import { readFile, stat } from 'node:fs/promises';

/**
 * Reads a JSON object from a pipeline component file; a missing or malformed file is an error
 * that names the file and what `what` needs it for. With `maxBytes`, a larger file is refused unread.
 */
export async function readJsonFile(
  file: string,
  what: string,
  { maxBytes }: { maxBytes?: number } = {},
): Promise<Record<string, unknown>> {
  let text: string;
  try {
    const { size } = await stat(file);
    if (maxBytes !== undefined && size > maxBytes) {
      throw new Error(
        `${what}: ${file} is ${size} bytes, more than the ${maxBytes} this file may have. Restore the file from the original model repository.`,
      );
    }
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        `${what}: ${file} does not exist. Point to a Hugging Face pipeline folder (or component subfolder) that has it.`,
      );
    }
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${what}: ${file} is not valid JSON (${(error as Error).message}). Restore the file from the original model repository.`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(
      `${what}: ${file} must hold a JSON object. Restore the file from the original model repository.`,
    );
  }
  return value as Record<string, unknown>;
}
