/**
 * Upload and download one large file (1 GiB by default, `BENCH_BYTES` to change) through a local Hub running in
 * a child process, so the numbers below are of this (client) process only. Prints MB/s each way and the peak
 * RSS growth over the resident size before each transfer.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { downloadModel } from '../lib/download-model.js';
import { uploadModel } from '../lib/upload-model.js';

const FILE_BYTES = Number(process.env.BENCH_BYTES ?? 1024 ** 3);
const USER = { name: 'bench', token: 'hf_bench_local_token' };
const MB = 1e6;

interface Measurement {
  seconds: number;
  peakRssGrowth: number;
}

/** Run `action`, sampling the resident set every 10 ms; growth is measured from the RSS just before. */
async function measure(action: () => Promise<unknown>): Promise<Measurement> {
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const started = process.hrtime.bigint();
  try {
    await action();
  } finally {
    clearInterval(sampler);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  peak = Math.max(peak, process.memoryUsage.rss());
  return { seconds, peakRssGrowth: peak - baseline };
}

/** Incompressible content without spending a minute in the random generator: a 16 MiB random block repeated. */
async function writeLargeFile(path: string, size: number): Promise<void> {
  const block = randomBytes(16 * 1024 * 1024);
  const output = createWriteStream(path);
  for (let written = 0; written < size; written += block.length) {
    if (!output.write(block.subarray(0, Math.min(block.length, size - written)))) await once(output, 'drain');
  }
  output.end();
  await once(output, 'finish');
}

async function startHubProcess(dir: string) {
  const require = createRequire(import.meta.url);
  const bin = join(dirname(require.resolve('@pixel-tools/local-hub/package.json')), 'dist/bin/local-hub.js');
  const child = spawn(process.execPath, [bin], {
    env: { ...process.env, LOCAL_HUB_USERS: `${USER.name}:${USER.token}`, LOCAL_HUB_DIR: dir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [firstOutput] = (await once(child.stdout, 'data')) as [Buffer];
  return { url: firstOutput.toString().trim().split('\n')[0]!, child };
}

const work = await mkdtemp(join(tmpdir(), 'pixel-hub-bench-'));
const hub = await startHubProcess(join(work, 'hub'));
try {
  const folder = join(work, 'model');
  await mkdir(folder);
  const path = 'diffusion_pytorch_model.safetensors';
  await writeLargeFile(join(folder, path), FILE_BYTES);
  const common = { repo: `${USER.name}/bench`, accessToken: USER.token, hubUrl: hub.url };

  let uploadStarted = 0;
  let commit = '';
  const upload = await measure(async () => {
    const started = performance.now();
    const result = await uploadModel({
      ...common,
      folder,
      onProgress: (event) => {
        if (event.phase === 'uploading' && uploadStarted === 0) uploadStarted = performance.now() - started;
      },
    });
    commit = result.commit;
  });

  let transferEnded = 0;
  const download = await measure(async () => {
    const started = performance.now();
    await downloadModel({
      ...common,
      revision: commit,
      cacheDir: join(work, 'cache'),
      onProgress: (event) => {
        if (event.bytes === event.totalBytes) transferEnded = performance.now() - started;
      },
    });
  });

  const uploadHashSeconds = uploadStarted / 1000;
  const downloadTransferSeconds = transferEnded / 1000;
  const row = (label: string, seconds: number, rssGrowth?: number): string[] => [
    label,
    seconds.toFixed(2),
    (FILE_BYTES / MB / seconds).toFixed(0),
    rssGrowth === undefined ? '' : (rssGrowth / MB).toFixed(1),
  ];
  const rows = [
    ['step', 'seconds', 'MB/s', 'peak RSS growth (MB)'],
    row('upload (sha256 + LFS PUT + commit)', upload.seconds, upload.peakRssGrowth),
    row('  of which sha256 before the PUT', uploadHashSeconds),
    row('  of which LFS PUT + commit', upload.seconds - uploadHashSeconds),
    row('download (GET + sha256 + directory hash)', download.seconds, download.peakRssGrowth),
    row('  of which GET with sha256 check', downloadTransferSeconds),
    row('  of which directory hash', download.seconds - downloadTransferSeconds),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  console.log(
    `\n@pixel/hub transfer bench: ${(FILE_BYTES / 1024 ** 3).toFixed(2)} GiB file, local Hub in a child process\n`,
  );
  for (const row of rows) {
    console.log(
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  '),
    );
  }
  console.log(`\ngoals: >= 200 MB/s each way, peak RSS growth < 150 MB`);
  // Throughput depends on what else runs: say how busy the machine was.
  const [oneMinuteLoad] = loadavg();
  console.log(
    `machine: ${availableParallelism()} cores, load average ${oneMinuteLoad!.toFixed(1)} at the end`,
  );
} finally {
  hub.child.kill('SIGTERM');
  await once(hub.child, 'exit');
  await rm(work, { recursive: true, force: true });
}
