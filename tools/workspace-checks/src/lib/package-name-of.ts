/** The package a bare module specifier names (`@scope/name/sub` -> `@scope/name`), or undefined for a path or `node:`. */
export function packageNameOf(specifier: string): string | undefined {
  if (
    specifier.startsWith('.') ||
    specifier.startsWith('/') ||
    specifier.startsWith('node:') ||
    specifier === ''
  )
    return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
