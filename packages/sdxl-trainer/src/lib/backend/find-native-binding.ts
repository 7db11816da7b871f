import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Where a tfjs-node package is and whether its native addon (`tfjs_binding.node`) has been built. */
export interface NativeBindingStatus {
  installed: boolean;
  /** The addon path node-pre-gyp would load for this Node.js (set when installed). */
  bindingPath?: string;
  built: boolean;
}

const require = createRequire(import.meta.url);

/**
 * Locates the native addon of `@tensorflow/tfjs-node` or `-gpu` without importing the package: importing
 * one whose addon is missing registers its kernels on the shared tfjs-core before failing, which leaves
 * half a backend behind and floods the log with "kernel already registered" warnings.
 */
export function findNativeBinding(packageName: string): NativeBindingStatus {
  let packageJsonPath: string;
  try {
    packageJsonPath = require.resolve(`${packageName}/package.json`);
  } catch {
    return { installed: false, built: false };
  }
  const { binary } = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as {
    binary?: { module_name?: string; module_path?: string; napi_versions?: number[] };
  };
  // node-pre-gyp loads the build for the highest N-API version both the package and Node.js support.
  const nodeNapi = Number(process.versions.napi ?? 0);
  const napi = Math.max(...(binary?.napi_versions ?? []).filter((version) => version <= nodeNapi));
  const modulePath = (binary?.module_path ?? './lib/napi-v{napi_build_version}').replace(
    '{napi_build_version}',
    String(napi),
  );
  const bindingPath = path.join(
    path.dirname(packageJsonPath),
    modulePath,
    `${binary?.module_name ?? 'tfjs_binding'}.node`,
  );
  return { installed: true, bindingPath, built: existsSync(bindingPath) };
}
