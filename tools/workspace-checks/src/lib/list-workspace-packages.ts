import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PackageManifest, WorkspacePackage } from '../types/workspace.js';

/**
 * The packages of the pnpm workspace at `root`: every folder with a package.json matched by a `<folder>/*` line
 * of pnpm-workspace.yaml, sorted by folder. Folders under tools/ are tools; the others are products.
 */
export async function listWorkspacePackages(root: string): Promise<WorkspacePackage[]> {
  const workspaceFile = path.join(root, 'pnpm-workspace.yaml');
  const patterns = [
    ...(await readFile(workspaceFile, 'utf8')).matchAll(/^\s*-\s*['"]?([^'"\s]+)['"]?\s*$/gm),
  ];
  const packages: WorkspacePackage[] = [];
  for (const [, pattern] of patterns) {
    if (!pattern!.endsWith('/*') || pattern!.slice(0, -2).includes('*'))
      throw new Error(`${workspaceFile}: only "<folder>/*" patterns are supported, not ${pattern}.`);
    const parent = pattern!.slice(0, -2);
    for (const entry of await readdir(path.join(root, parent), { withFileTypes: true })) {
      const dir = `${parent}/${entry.name}`;
      const manifestPath = path.join(root, dir, 'package.json');
      if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as PackageManifest;
      packages.push({ name: manifest.name, dir, kind: parent === 'tools' ? 'tool' : 'product', manifest });
    }
  }
  return packages.sort((a, b) => a.dir.localeCompare(b.dir));
}
