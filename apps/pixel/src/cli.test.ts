import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runPixel } from './test-support/run-pixel.js';

const packageVersion = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { level: number; msg: string; [key: string]: unknown });

describe('pixel --help', () => {
  it('lists the commands and options on stdout and exits 0', async () => {
    const run = await runPixel(['--help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('pixel <command> [options]');
    expect(run.stdout).toContain('pixel competitions  Competitions of subnet 17 and their limits');
    expect(run.stdout).toContain('--log-level');
    expect(run.stdout.endsWith('\n')).toBe(true);
  });

  it('wraps to 80 columns on a pipe, on word boundaries', async () => {
    const run = await runPixel(['--help']);
    expect(Math.max(...run.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(run.stdout).toContain('publish');
    expect(run.stdout).toMatch(/pretty\s+on a terminal, JSON lines otherwise/);
  });

  it.each([
    [50, 50],
    [100, 100],
    [300, 120],
  ])('fits a %i-column terminal in %i columns', async (columns, limit) => {
    const run = await runPixel(['--help'], { stdout: { isTTY: true, columns } });
    const widest = Math.max(...run.stdout.split('\n').map((l) => l.length));
    expect(widest).toBeLessThanOrEqual(limit);
    expect(widest).toBeGreaterThan(limit - 30);
  });

  it('shows subcommand help', async () => {
    const run = await runPixel(['competitions', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('pixel competitions list');
  });
});

describe('pixel --version', () => {
  it("prints the package's version and a newline", async () => {
    const run = await runPixel(['--version']);
    expect(run).toEqual({ code: 0, stdout: `${packageVersion}\n`, stderr: '' });
  });
});

describe('usage errors', () => {
  it('reports an unknown subcommand, then the suggestion, then where help is; exit 2', async () => {
    const run = await runPixel(['competitions', 'lst']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'Unknown argument: lst\nDid you mean list?\nRun `pixel --help` for usage.\n',
    });
  });

  it('asks for a command when none is given', async () => {
    const run = await runPixel([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('Name a command; `pixel --help` lists them.\nRun `pixel --help` for usage.\n');
  });

  it('shows an unknown flag as typed (no internal alias), suggests the closest known one; exit 2', async () => {
    for (const flag of [['--num-sample', '5'], ['--num-sample=5']]) {
      const run = await runPixel(['dataset', 'generate', ...flag]);
      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'Unknown argument: --num-sample\nDid you mean --num-samples?\nRun `pixel --help` for usage.\n',
      });
    }
  });

  it('suggests in the spelling typed, lists several unknown flags once each, and none when nothing is close', async () => {
    const snake = await runPixel(['model', 'train', 'sdxl', '--learning_rat', '1e-5']);
    expect(snake.stderr).toBe(
      'Unknown argument: --learning_rat\nDid you mean --learning_rate?\nRun `pixel --help` for usage.\n',
    );
    const several = await runPixel(['model', 'upload', '--hf-repo', 'a/b', '--frobnicate']);
    expect(several.stderr).toBe(
      'Unknown arguments: --hf-repo, --frobnicate\nDid you mean --hf_repo_id for --hf-repo?\n' +
        'Run `pixel --help` for usage.\n',
    );
    const none = await runPixel(['competitions', 'list', '--netuid', '3']);
    expect(none.stderr).toBe('Unknown argument: --netuid\nRun `pixel --help` for usage.\n');
  });

  it('names the program the user ran (pixel-train, pixel-upload) where it points to help', async () => {
    const train = await runPixel(['model', 'train', 'sdxl', '--learning_rat', '1e-5'], {
      programName: 'pixel-train',
    });
    expect(train.code).toBe(2);
    expect(train.stderr).toBe(
      'Unknown argument: --learning_rat\nDid you mean --learning_rate?\nRun `pixel-train --help` for usage.\n',
    );
    const upload = await runPixel(['model', 'upload', '--dry_run'], { programName: 'pixel-upload' });
    expect(upload.stderr).toBe(
      'Unknown argument: --dry_run\nDid you mean --dry-run?\nRun `pixel-upload --help` for usage.\n',
    );
  });

  it.each([
    ['-1', '--netuid must be a subnet number (0 or more), got -1.'],
    ['1.5', '--netuid must be a subnet number (0 or more), got 1.5.'],
    ['abc', '--netuid must be a subnet number (0 or more), got abc.'],
    ['65536', '--netuid must be a subnet number (at most 65535), got 65536.'],
  ])('refuses --netuid %s before connecting to the chain; exit 2', async (netuid, message) => {
    for (const command of [
      ['model', 'upload', '--load_model_dir', 'unet', '--hf_repo_id', 'a/b'],
      ['model', 'train', 'sdxl', '--pretrained_unet_model_name_or_path', 'best', '--print-config'],
    ]) {
      const run = await runPixel([
        ...command,
        '--netuid',
        netuid,
        '--subtensor.chain_endpoint',
        'ws://127.0.0.1:9',
      ]);
      expect({ command, code: run.code }).toEqual({ command, code: 2 });
      expect(jsonLines(run.stderr).map((line) => line.msg)).toEqual([message]);
    }
  });

  it('rejects an unknown log level without running the command', async () => {
    const run = await runPixel(['competitions', 'list', '--log-level', 'loud']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Argument: log-level, Given: "loud"');
  });
});

describe('logging', () => {
  it('logs nothing at the default info level for a quiet command', async () => {
    const run = await runPixel(['competitions', 'list']);
    expect(run.stderr).toBe('');
  });

  it('writes JSON lines to stderr when it is not a terminal, at the --log-level given', async () => {
    for (const argv of [
      ['--log-level', 'debug', 'competitions', 'list'],
      ['competitions', 'list', '--log-level=debug'],
    ]) {
      const run = await runPixel(argv);
      expect(run.code).toBe(0);
      const [start] = jsonLines(run.stderr);
      expect(start).toMatchObject({ level: 20, msg: `pixel ${packageVersion} starting`, argv });
    }
  });

  it('takes the level from PIXEL_LOG_LEVEL, and the flag wins over it', async () => {
    expect(
      (await runPixel(['competitions', 'list'], { env: { PIXEL_LOG_LEVEL: 'debug' } })).stderr,
    ).toContain('starting');
    const flagWins = await runPixel(['competitions', 'list', '--log-level', 'warn'], {
      env: { PIXEL_LOG_LEVEL: 'debug' },
    });
    expect(flagWins.stderr).toBe('');
  });

  it('pretty-prints on a terminal, without colour under NO_COLOR', async () => {
    const run = await runPixel(['--log-level', 'debug', 'competitions', 'list'], {
      env: { NO_COLOR: '1' },
      stderr: { isTTY: true },
    });
    expect(run.stderr).toMatch(/^\[\d\d:\d\d:\d\d\] DEBUG: pixel .* starting/);
    expect(run.stderr).not.toContain('\u001b[');
    expect(() => JSON.parse(run.stderr.split('\n')[0]!)).toThrow();
  });

  it('logs a failing command as an error line and exits 1', async () => {
    const run = await runPixel(['boom'], {
      commands: () => [
        {
          command: 'boom',
          describe: 'fails',
          handler: async () => {
            throw new Error('the Hub said no');
          },
        },
      ],
    });
    expect(run.code).toBe(1);
    expect(jsonLines(run.stderr)).toEqual([expect.objectContaining({ level: 50, msg: 'the Hub said no' })]);
  });
});

describe('.env and secrets', () => {
  const fileToken = 'hf_fromDotEnvFile0123456789';
  const shellToken = 'hf_fromTheShell0123456789';
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pixel-env-'));
    await writeFile(path.join(dir, '.env'), `HF_ACCESS_TOKEN=${fileToken}\nBT_PW_MINER="pa\\"ss word"\n`);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  /** A command that leaks its secrets every way it can: in an error, a field and a message. */
  const leakyCommand = (message: string) => () => [
    {
      command: 'leak',
      describe: 'leaks',
      handler: async () => {
        throw new Error(message);
      },
    },
  ];

  it('loads HF_ACCESS_TOKEN from .env and redacts it from every line, even inside an error', async () => {
    const run = await runPixel(['--log-level', 'trace', 'leak', fileToken], {
      cwd: dir,
      commands: leakyCommand(`401 for https://hf.co/api?token=${fileToken}`),
    });
    expect(run.code).toBe(2); // the token as an extra argument is a usage error
    expect(run.stderr).not.toContain(fileToken);
    expect(run.stderr).toContain('Unknown argument: [redacted]');

    const failing = await runPixel(['--log-level', 'trace', 'leak'], {
      cwd: dir,
      commands: leakyCommand(`401 for https://hf.co/api?token=${fileToken}`),
    });
    expect(failing.code).toBe(1);
    expect(failing.stderr).not.toContain(fileToken);
    const lines = jsonLines(failing.stderr);
    expect(lines.map((l) => l.msg)).toEqual([
      `pixel ${packageVersion} starting`,
      '401 for https://hf.co/api?token=[redacted]',
      'stack trace',
    ]);
    expect(JSON.stringify(lines[2]!.err)).toContain('[redacted]');
  });

  it('redacts a password with quotes and spaces in JSON output', async () => {
    const run = await runPixel(['--log-level', 'debug', 'leak'], {
      cwd: dir,
      commands: leakyCommand('wrong password pa"ss word'),
    });
    expect(run.stderr).not.toContain('pa\\"ss word');
    expect(jsonLines(run.stderr)[1]!.msg).toBe('wrong password [redacted]');
  });

  it('redacts a token given on the command line from every line: argv at debug, errors, --flag=value form', async () => {
    const token = 'hf_onTheCommandLine0123';
    const run = await runPixel(
      ['--log-level', 'debug', 'leak', '--hub_token', token, `--api-key=${token}-2`],
      {
        commands: () => [
          {
            command: 'leak',
            describe: 'leaks',
            builder: (y) => y.option('hub_token', { type: 'string' }).option('api-key', { type: 'string' }),
            handler: async () => {
              throw new Error(`401 with token ${token} and key ${token}-2`);
            },
          },
        ],
      },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain(token);
    const lines = jsonLines(run.stderr);
    expect(lines[0]!.argv).toEqual([
      '--log-level',
      'debug',
      'leak',
      '--hub_token',
      '[redacted]',
      '--api-key=[redacted]',
    ]);
    expect(lines[1]!.msg).toBe('401 with token [redacted] and key [redacted]');
  });

  it('redacts pixel-train --hub_token from the debug log', async () => {
    const token = 'hf_trainFlagToken0123';
    const run = await runPixel([
      'model',
      'train',
      'sdxl',
      '--hub_token',
      token,
      '--log-level',
      'debug',
      '--pretrained_model_name_or_path',
      'pipe',
      '--train_data_dir',
      'data',
      '--print-config',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('"--hub_token","[redacted]"');
    expect(run.stderr + run.stdout).not.toContain(token);
  });

  it('redacts a secret flag of a command that does not take it from the usage error', async () => {
    const token = 'hf_unknownFlagToken0123';
    const run = await runPixel(['competitions', 'list', '--hub_token', token]);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'Unknown argument: --hub_token\nRun `pixel --help` for usage.\n',
    });
  });

  it('prefers the shell over .env', async () => {
    const run = await runPixel(['--log-level', 'debug', 'leak'], {
      cwd: dir,
      env: { HF_ACCESS_TOKEN: shellToken },
      commands: leakyCommand(`shell ${shellToken} file ${fileToken}`),
    });
    // Only the token in effect (the shell's) is a secret; the .env value was not loaded.
    expect(jsonLines(run.stderr)[1]!.msg).toBe(`shell [redacted] file ${fileToken}`);
  });

  it('exits 1 with a clear message when .env cannot be read', async () => {
    const unreadable = await mkdtemp(path.join(os.tmpdir(), 'pixel-env-dir-'));
    try {
      await mkdir(path.join(unreadable, '.env'));
      const run = await runPixel(['competitions', 'list'], { cwd: unreadable });
      expect(run).toEqual({
        code: 1,
        stdout: '',
        stderr: `Cannot read ${path.join(unreadable, '.env')} (EISDIR): make it a readable file or remove it.\n`,
      });
    } finally {
      await rm(unreadable, { recursive: true, force: true });
    }
  });
});
