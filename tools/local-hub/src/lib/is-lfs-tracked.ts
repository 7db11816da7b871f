/** Whether a `.gitattributes` text routes `path` through LFS (`filter=lfs`), with git's glob rules for the common cases. */
export function isLfsTracked(gitattributes: string, path: string): boolean {
  const basename = path.slice(path.lastIndexOf('/') + 1);
  return gitattributes.split('\n').some((line) => {
    const [pattern, ...attributes] = line.trim().split(/\s+/);
    if (!pattern || pattern.startsWith('#') || !attributes.includes('filter=lfs')) return false;
    // A pattern without a slash matches the file name at any depth; with one, the path from the root.
    const subject = pattern.includes('/') ? path : basename;
    return globToRegExp(pattern.replace(/^\//, '')).test(subject);
  });
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}
