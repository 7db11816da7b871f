import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Write to a temp file in the same directory, then rename: readers never see a half-written file. */
export async function writeFileAtomic(
  filePath: string,
  data: Uint8Array | string,
  mode = 0o600,
): Promise<void> {
  const temp = path.join(
    path.dirname(filePath),
    `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temp, data, { mode, flag: 'wx' });
    await rename(temp, filePath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
