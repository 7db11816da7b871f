import { access } from 'node:fs/promises';

/** Whether `target` (a file or a folder) is there; any error, a permission error included, counts as no. */
export async function pathExists(target: string): Promise<boolean> {
  return access(target).then(
    () => true,
    () => false,
  );
}
