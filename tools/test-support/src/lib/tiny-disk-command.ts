import { spawnSync } from 'node:child_process';

/** Root sees no permission errors and may mount without a user namespace; anyone else needs one. */
const RUNS_AS_ROOT = process.getuid?.() === 0;
const OWN_MOUNTS = RUNS_AS_ROOT
  ? ['unshare', '--mount']
  : ['unshare', '--user', '--map-root-user', '--mount'];

/**
 * The command prefix that runs a child process with `folder` mounted as a tmpfs of `size` (e.g. "1m") in a
 * mount namespace of its own: a real full disk (ENOSPC from the kernel) for that child only. Throws, naming
 * what the machine refused, where namespaces or tmpfs mounts are not allowed: a test that needs a full disk
 * fails there rather than being skipped.
 */
export function tinyDiskCommand(folder: string, size: string): string[] {
  const mount = ['sh', '-c', `mount -t tmpfs -o size=${size} tmpfs "$0" && exec "$@"`, folder];
  const probe = spawnSync(OWN_MOUNTS[0]!, [...OWN_MOUNTS.slice(1), ...mount, 'true']);
  if (probe.status !== 0) {
    throw new Error(
      `A full-disk test mounts a ${size} tmpfs over ${folder} in its own mount namespace (${OWN_MOUNTS.join(' ')}), ` +
        `which this machine refuses: ${probe.error?.message ?? probe.stderr.toString().trim()}. Run the tests ` +
        'as root or where user namespaces are allowed.',
    );
  }
  return [...OWN_MOUNTS, ...mount];
}
