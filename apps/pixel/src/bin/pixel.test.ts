import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SHARED, spawnTypeScript } from '@pixel-tools/test-support';
import { createWallet } from '@pixel/chain';

const bin = fileURLToPath(new URL('../../dist/bin/pixel.js', import.meta.url));

describe('the built pixel bin', () => {
  it('runs `competitions list` as a program (turbo builds before tests)', async () => {
    if (!existsSync(bin))
      throw new Error(`${bin} is missing: build first (npx pnpm@10.34.9 --filter @pixel/cli build).`);
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'pixel-bin-'));
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, 'competitions', 'list'], {
        cwd,
        env: { PATH: process.env.PATH },
      });
      expect(stderr).toBe('');
      expect(stdout).toContain('m6  2,684,354,560   6 GiB');
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });

  it('exits quietly when the reader of its output goes away (| head)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pixel-bin-'));
    try {
      const errors = path.join(dir, 'stderr.txt');
      // `true` exits before node has started, so every write hits a closed pipe.
      await promisify(execFile)('sh', ['-c', `"${process.execPath}" "${bin}" --help 2>"${errors}" | true`], {
        cwd: dir,
      });
      expect(await readFile(errors, 'utf8')).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('starts with a node shebang so npm can link it as a command', async () => {
    expect((await readFile(bin, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});

/** The three programs, from their TypeScript sources. */
const SOURCES = {
  pixel: fileURLToPath(new URL('./pixel.ts', import.meta.url)),
  'pixel-train': fileURLToPath(new URL('../../../pixel-train/src/bin/pixel-train.ts', import.meta.url)),
  'pixel-upload': fileURLToPath(new URL('../../../pixel-upload/src/bin/pixel-upload.ts', import.meta.url)),
};
const FIXTURE = SHARED.tinyPipeline;

interface ProgramRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program as a user does, in a process of its own: an unhandled rejection or a stray timer shows only there. */
function runProgram(
  program: keyof typeof SOURCES,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<ProgramRun> {
  const child = spawnTypeScript(SOURCES[program], args, { cwd, env: { PATH: process.env.PATH, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A local port nothing listens on: bound, then released. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** No Node crash report: no unhandled rejection, no stack frames, no polkadot-js console noise. */
function expectNoCrashReport(stderr: string): void {
  expect(stderr).not.toContain('UnhandledPromiseRejection');
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toContain('API-WS');
}

const logMessages = (stderr: string) =>
  stderr
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { msg: string }).msg);

describe('pixel, pixel-train and pixel-upload when the chain cannot be reached (own processes)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pixel-no-chain-'));
    await copyFile(path.join(FIXTURE, 'images/image_0.png'), path.join(dir, 'image_0.png'));
    await writeFile(path.join(dir, 'metadata.csv'), 'file_name,text\nimage_0.png,"a photo of a cat"\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('pixel-upload: a refused endpoint is one clear error and exit code 3', async () => {
    const endpoint = `ws://127.0.0.1:${await refusedPort()}`;
    // Everything the upload checks on this machine is in order (a wallet, a UNet, a token), so the chain is asked.
    await createWallet({ path: path.join(dir, 'wallets'), name: 'miner', hotkey: 'default' });
    await cp(path.join(FIXTURE, 'unet'), path.join(dir, 'unet'), { recursive: true });
    const run = await runProgram(
      'pixel-upload',
      [
        '--load_model_dir',
        'unet',
        '--hf_repo_id',
        'a/b',
        '--wallet.path',
        'wallets',
        '--wallet.name',
        'miner',
        '--subtensor.chain_endpoint',
        endpoint,
        '--dry-run',
      ],
      dir,
      { HF_ACCESS_TOKEN: 'hf_not_asked_before_the_chain' },
    );
    expectNoCrashReport(run.stderr);
    expect(run.code).toBe(3);
    expect(logMessages(run.stderr).at(-1)).toMatch(
      new RegExp(
        `^Cannot reach the chain at ${endpoint}: connection refused \\(nothing listens there\\)\\. `,
      ),
    );
  }, 60_000);

  it('pixel model eval uid:1: a host name that does not resolve is one clear error and exit code 3', async () => {
    const run = await runProgram(
      'pixel',
      [
        'model',
        'eval',
        'uid:1',
        '--data_dir',
        '.',
        '--subtensor.chain_endpoint',
        'ws://pixel-no-such-host.invalid:9944',
      ],
      dir,
    );
    expectNoCrashReport(run.stderr);
    expect(run.code).toBe(3);
    expect(logMessages(run.stderr).at(-1)).toMatch(
      /^Cannot reach the chain at ws:\/\/pixel-no-such-host\.invalid:9944: the host name pixel-no-such-host\.invalid (does not resolve|could not be looked up)/,
    );
  }, 60_000);

  it('pixel-train --pretrained_unet_model_name_or_path best: a refused endpoint is one clear error and exit code 3', async () => {
    const endpoint = `ws://127.0.0.1:${await refusedPort()}`;
    const run = await runProgram(
      'pixel-train',
      [
        '--pretrained_model_name_or_path',
        FIXTURE,
        '--train_data_dir',
        '.',
        '--pretrained_unet_model_name_or_path',
        'best',
        '--subtensor.network',
        endpoint,
      ],
      dir,
    );
    expectNoCrashReport(run.stderr);
    expect(run.code).toBe(3);
    expect(logMessages(run.stderr).at(-1)).toMatch(
      new RegExp(`^Cannot reach the chain at ${endpoint}: connection refused`),
    );
  }, 60_000);
});

describe('usage errors of pixel-train and pixel-upload (own processes)', () => {
  it('point to the help of the program the user ran, with the flag meant', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pixel-usage-'));
    try {
      const train = await runProgram('pixel-train', ['--learning_rat', '1e-5'], dir);
      expect(train).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'Unknown argument: --learning_rat\nDid you mean --learning_rate?\nRun `pixel-train --help` for usage.\n',
      });
      const upload = await runProgram('pixel-upload', ['--hf-repo', 'a/b'], dir);
      expect(upload.stderr).toBe(
        'Unknown argument: --hf-repo\nDid you mean --hf_repo_id?\nRun `pixel-upload --help` for usage.\n',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('secrets typed on the command line (own process)', () => {
  it('pixel-train --hub_token never shows the token, even at debug level', async () => {
    const token = 'hf_typedOnTheCommandLine0123';
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pixel-token-'));
    try {
      const run = await runProgram(
        'pixel-train',
        [
          '--hub_token',
          token,
          '--log-level',
          'debug',
          '--pretrained_model_name_or_path',
          'pipe',
          '--train_data_dir',
          'data',
          '--print-config',
        ],
        dir,
      );
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('"--hub_token","[redacted]"');
      expect(run.stderr + run.stdout).not.toContain(token);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
