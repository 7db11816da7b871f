import type { SourceFile, WorkspacePackage } from '../types/workspace.js';
import { listSourceFiles } from './list-source-files.js';
import { listWorkspacePackages } from './list-workspace-packages.js';

export interface Workspace {
  packages: WorkspacePackage[];
  filesOf(pkg: WorkspacePackage): readonly SourceFile[];
}

/** Every package of the workspace at `root` and its source files, read once for all the checks. */
export async function loadWorkspace(root: string): Promise<Workspace> {
  const packages = await listWorkspacePackages(root);
  const files = new Map<string, SourceFile[]>();
  for (const pkg of packages) files.set(pkg.name, await listSourceFiles(root, pkg));
  return { packages, filesOf: (pkg) => files.get(pkg.name) ?? [] };
}
