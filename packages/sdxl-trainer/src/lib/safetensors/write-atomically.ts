import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * Runs `write` against a temporary file beside `target`, then flushes it to disk and renames it over
 * `target`. Readers see either the old file or the complete new one; on any error the temporary file is
 * removed and `target` is left untouched.
 */
export async function writeAtomically(
  target: string,
  write: (handle: FileHandle) => Promise<void>,
): Promise<void> {
  const temporary = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  const handle = await open(temporary, 'wx');
  try {
    await write(handle);
    await handle.sync();
    await handle.close();
    await rename(temporary, target);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}
