import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SourceFile, WorkspacePackage } from '../types/workspace.js';
import { isProductionPath } from './is-production-path.js';
import { readImports } from './read-imports.js';

const SOURCE_FILE = /\.(?:[cm]?ts|[cm]?js)$/;

/** Every source file under a package's `src/`, with what it imports and whether it is production code. */
export async function listSourceFiles(root: string, pkg: WorkspacePackage): Promise<SourceFile[]> {
  const srcDir = path.join(root, pkg.dir, 'src');
  const entries = await readdir(srcDir, { recursive: true, withFileTypes: true }).catch((error: unknown) => {
    if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT')
      return [];
    throw error;
  });
  const files: SourceFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !SOURCE_FILE.test(entry.name)) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    const pathInSrc = path.relative(srcDir, absolute).split(path.sep).join('/');
    const text = await readFile(absolute, 'utf8');
    const { imports, strings } = readImports(absolute, text);
    files.push({
      path: `${pkg.dir}/src/${pathInSrc}`,
      production: isProductionPath(pathInSrc),
      imports,
      strings,
      text,
    });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
