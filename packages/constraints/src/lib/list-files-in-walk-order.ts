import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { compareWalkOrder } from './compare-walk-order.js';

/** Whether a directory entry counts as a file to hash; throws for anything validators would not see as one. */
async function isHashedFile(
  absolutePath: string,
  relativePath: string,
  isSymbolicLink: boolean,
): Promise<boolean> {
  if (!isSymbolicLink) return false;
  // Validators replace symlinks by the files they point to before hashing, so a link to a file
  // counts as that file. os.walk never descends into a link to a directory, so its files would
  // silently not count: refuse rather than produce a hash nobody can reproduce.
  const target = await stat(absolutePath).catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      `Cannot hash "${relativePath}": it is a symbolic link whose target cannot be read (${error.code ?? error.message}). ` +
        `Fix or remove the link.`,
    );
  });
  if (target.isFile()) return true;
  if (target.isDirectory()) {
    throw new Error(
      `Cannot hash "${relativePath}": it is a symbolic link to a directory, which validators (os.walk) do not ` +
        `follow. Replace it with a copy of the directory or remove it.`,
    );
  }
  throw new Error(
    `Cannot hash "${relativePath}": it links to something that is neither a file nor a directory.`,
  );
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The entry's name; names are read as bytes because decoding invalid UTF-8 to a string would silently alter them. */
function entryName(rawName: Buffer, relativeDir: string): string {
  try {
    return utf8.decode(rawName);
  } catch {
    const shown = `${relativeDir === '' ? '' : `${relativeDir}/`}${rawName.toString('utf8')}`;
    throw new Error(
      `Cannot hash "${shown}": its name is not valid UTF-8, which the Hugging Face Hub cannot store. Rename it.`,
    );
  }
}

async function collectFiles(root: string, relativeDir: string, into: string[]): Promise<void> {
  const entries = await readdir(path.join(root, relativeDir), { withFileTypes: true, encoding: 'buffer' });
  for (const entry of entries) {
    const name = entryName(entry.name, relativeDir);
    const relativePath = relativeDir === '' ? name : `${relativeDir}/${name}`;
    const absolutePath = path.join(root, relativePath);
    if (entry.isDirectory()) {
      await collectFiles(root, relativePath, into);
    } else if (entry.isFile() || (await isHashedFile(absolutePath, relativePath, entry.isSymbolicLink()))) {
      into.push(relativePath);
    } else {
      throw new Error(
        `Cannot hash "${relativePath}": it is not a regular file, directory or symbolic link (a socket, FIFO or device). ` +
          `Remove it from the model directory.`,
      );
    }
  }
}

/**
 * Every file under `directory`, as `/`-separated paths relative to it, in the order the reference
 * hashes them (see `compareWalkOrder`). Links to files are listed as files; links to directories,
 * broken links and special files are errors.
 */
export async function listFilesInWalkOrder(directory: string): Promise<string[]> {
  const info = await stat(directory).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new Error(
      `Cannot list "${directory}": it is not a directory. Give the folder that holds the model files.`,
    );
  }
  const files: string[] = [];
  await collectFiles(directory, '', files);
  return files.sort(compareWalkOrder);
}
