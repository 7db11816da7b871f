/** The dependency fields of a package.json that name other packages. */
export interface PackageManifest {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

/** A package of the workspace: a product (packages/*, apps/*, published) or a tool (tools/*, private). */
export interface WorkspacePackage {
  name: string;
  /** Its folder relative to the repository root, with `/` separators: `packages/chain`. */
  dir: string;
  kind: 'product' | 'tool';
  manifest: PackageManifest;
}

/** A source file of a package and what it imports. */
export interface SourceFile {
  /** Relative to the repository root, with `/` separators. */
  path: string;
  /** Not a test, nor under src/test-support or src/bench: what the package ships and runs. */
  production: boolean;
  /** The specifiers of its imports, exports, import() and require() calls and `*.resolve('…')` lookups. */
  imports: string[];
  /** Every string literal in it (a package named only as data, e.g. a bin looked up by package name). */
  strings: string[];
  /** Its contents. */
  text: string;
}
