import { rmSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';

const PREFIX = 'pixel-push-';
/** `pixel-push-<pid>-<host>-XXXXXX`: the process that owns the folder, so a later push can tell it is gone. */
const OWNED = /^pixel-push-(\d+)-([A-Za-z0-9]*)-[A-Za-z0-9]{6}$/;
/** Earlier versions named it `pixel-push-XXXXXX`, without an owner: removed once a day old. */
const UNOWNED = /^pixel-push-[A-Za-z0-9]{6}$/;
const UNOWNED_STALE_MS = 24 * 60 * 60 * 1000;
/** The signals that end a process by default and that a handler can still act on (SIGKILL cannot be caught). */
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Another machine sharing the temp folder (a container's volume) has its own pids: only ours are judged. */
function hostTag(): string {
  return hostname()
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 32);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as { code?: string }).code === 'EPERM';
  }
}

async function isStale(root: string, name: string): Promise<boolean> {
  const owned = OWNED.exec(name);
  if (owned) {
    const pid = Number(owned[1]);
    return owned[2] === hostTag() && pid !== process.pid && !isRunning(pid);
  }
  if (!UNOWNED.test(name)) return false;
  const info = await stat(path.join(root, name)).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > UNOWNED_STALE_MS;
}

/** Removes the work folders of pushes whose process is gone (killed, or stopped by a crash): GBs each. */
async function removeStale(root: string, log: (line: string) => void): Promise<void> {
  const names = await readdir(root).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(PREFIX) || !(await isStale(root, name))) continue;
    log(`Removing ${path.join(root, name)}, left behind by an interrupted upload`);
    await rm(path.join(root, name), { recursive: true, force: true });
  }
}

/**
 * Runs `run` with the folder a push stages its files in: `workDir` as given (left in place), or else a fresh
 * `pixel-push-<pid>-<host>-XXXXXX` in the temp folder (`tempRoot`, default the OS's), which holds a full
 * copy of the weights (5-10 GB for SDXL). That one is removed when `run` ends, and also when SIGINT, SIGTERM or
 * SIGHUP ends the process (the signal then does what it would have done). A SIGKILL or a crash leaves it: the
 * next push removes such folders whose process is gone, before making its own.
 */
export async function withPushWorkDir<T>(
  params: { workDir?: string; tempRoot?: string; log?: (line: string) => void },
  run: (workDir: string) => Promise<T>,
): Promise<T> {
  if (params.workDir !== undefined) return run(params.workDir);
  const log = params.log ?? (() => undefined);
  const root = params.tempRoot ?? tmpdir();
  await removeStale(root, log);
  const workDir = await mkdtemp(path.join(root, `${PREFIX}${process.pid}-${hostTag()}-`));
  const onSignal = (signal: NodeJS.Signals) => {
    stopListening();
    log(`Interrupted by ${signal}: removing ${workDir}; run the same command again to resume`);
    rmSync(workDir, { recursive: true, force: true });
    // Unless someone else handles the signal too, end the process as the signal would have.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const stopListening = () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  try {
    return await run(workDir);
  } finally {
    stopListening();
    await rm(workDir, { recursive: true, force: true });
  }
}
