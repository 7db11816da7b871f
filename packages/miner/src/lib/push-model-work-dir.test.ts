import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { nodeArgsToRunTypeScript } from '@pixel-tools/test-support';
import { withPushWorkDir } from './push-model-work-dir.js';

const CHILD = fileURLToPath(new URL('../test-support/push-work-dir-child.ts', import.meta.url));
const HOST = hostname()
  .replace(/[^A-Za-z0-9]/g, '')
  .slice(0, 32);

/** A child holding a work folder under `root`, and that folder once it exists. */
async function holdWorkDir(root: string) {
  const child = spawn(process.execPath, nodeArgsToRunTypeScript(CHILD, [root]), {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  return { child, workDir: line };
}

/** The pid of a process that has ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid!;
}

describe('withPushWorkDir', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'pixel-work-root-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('gives a fresh folder named after this process and removes it afterwards, also on failure', async () => {
    let seen = '';
    await expect(
      withPushWorkDir({ tempRoot: root }, async (workDir) => {
        seen = workDir;
        expect(path.basename(workDir)).toMatch(
          new RegExp(`^pixel-push-${process.pid}-${HOST}-[A-Za-z0-9]{6}$`),
        );
        throw new Error('upload failed');
      }),
    ).rejects.toThrow('upload failed');
    expect(existsSync(seen)).toBe(false);
    expect(await readdir(root)).toEqual([]);
  });

  it('leaves a folder it was given in place', async () => {
    const given = path.join(root, 'mine');
    await mkdir(given);
    await withPushWorkDir({ workDir: given, tempRoot: root }, async () => undefined);
    expect(existsSync(given)).toBe(true);
  });

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)(
    'removes its folder when %s ends the process, which still ends by that signal',
    async (signal) => {
      const { child, workDir } = await holdWorkDir(root);
      expect(existsSync(path.join(workDir, 'weights.safetensors'))).toBe(true);
      child.kill(signal);
      const [code, ended] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
      expect({ code, ended }).toEqual({ code: null, ended: signal });
      expect(existsSync(workDir)).toBe(false);
    },
  );

  it('removes, before making its own, the folders of pushes whose process is gone (SIGKILL), and only those', async () => {
    const running = await holdWorkDir(root);
    const killed = await holdWorkDir(root);
    killed.child.kill('SIGKILL');
    await once(killed.child, 'exit');
    expect(existsSync(killed.workDir)).toBe(true);

    const names = {
      gone: `pixel-push-${await deadPid()}-${HOST}-abc123`,
      otherMachine: `pixel-push-${await deadPid()}-elsewhere-abc123`,
      unownedOld: 'pixel-push-old123',
      unownedRecent: 'pixel-push-new123',
      unrelated: 'pixel-cli-abc123',
    };
    for (const name of Object.values(names)) await mkdir(path.join(root, name));
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    await utimes(path.join(root, names.unownedOld), twoDaysAgo, twoDaysAgo);

    const lines: string[] = [];
    try {
      await withPushWorkDir({ tempRoot: root, log: (line) => lines.push(line) }, async (workDir) => {
        const left = (await readdir(root)).sort();
        expect(left).toEqual(
          [
            path.basename(workDir),
            path.basename(running.workDir),
            names.otherMachine,
            names.unownedRecent,
            names.unrelated,
          ].sort(),
        );
      });
    } finally {
      running.child.kill('SIGKILL');
      await once(running.child, 'exit');
    }
    expect(lines).toEqual(
      expect.arrayContaining([
        `Removing ${killed.workDir}, left behind by an interrupted upload`,
        `Removing ${path.join(root, names.gone)}, left behind by an interrupted upload`,
        `Removing ${path.join(root, names.unownedOld)}, left behind by an interrupted upload`,
      ]),
    );
  });
});
