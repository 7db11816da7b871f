// Measures hashFile throughput and memory on a generated file, hashDirectory on many small files, and
// computeWins on a full metagraph. Prints a table; run with `pnpm bench`.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { computeWins, hashDirectory, hashFile, SCORING } from '../index.js';

const MIB = 1024 * 1024;
const fileMib = Number(process.env.PIXEL_BENCH_HASH_MIB ?? 1024);
const smallFiles = 2000;

async function writeLargeFile(file: string, mib: number): Promise<void> {
  const block = randomBytes(MIB);
  const out = createWriteStream(file);
  for (let i = 0; i < mib; i += 1) {
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
}

/** Runs `task`, sampling RSS every 10 ms; returns seconds taken and the peak RSS growth in MiB. */
async function measure(task: () => Promise<unknown>): Promise<{ seconds: number; peakGrowthMib: number }> {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const start = process.hrtime.bigint();
  await task();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { seconds, peakGrowthMib: (peak - baseline) / MIB };
}

const rows: [string, string, string][] = [];
const dir = await mkdtemp(path.join(os.tmpdir(), 'pixel-constraints-bench-'));
try {
  const large = path.join(dir, 'large.bin');
  await writeLargeFile(large, fileMib);
  const big = await measure(() => hashFile(large));
  rows.push([
    `hashFile, ${fileMib} MiB file`,
    `${(fileMib / big.seconds).toFixed(0)} MiB/s (${big.seconds.toFixed(2)} s)`,
    `${big.peakGrowthMib.toFixed(1)} MiB`,
  ]);

  const many = path.join(dir, 'many');
  for (let i = 0; i < smallFiles; i += 1) {
    const sub = path.join(many, `d${i % 20}`);
    if (i < 20) await mkdir(sub, { recursive: true });
    await writeFile(path.join(sub, `f${i}.json`), `{"i":${i}}`);
  }
  const tree = await measure(() => hashDirectory(many));
  rows.push([
    `hashDirectory, ${smallFiles} small files in 20 dirs`,
    `${(smallFiles / tree.seconds).toFixed(0)} files/s (${tree.seconds.toFixed(2)} s)`,
    `${tree.peakGrowthMib.toFixed(1)} MiB`,
  ]);

  const uids = Array.from({ length: 256 }, (_, uid) => uid);
  const losses = new Map(uids.map((uid) => [uid, Array.from({ length: 20 }, () => Math.random())]));
  const blocks = new Map(uids.map((uid) => [uid, uid * 7]));
  const wins = await measure(async () => computeWins(uids, losses, blocks, SCORING.timestampEpsilon));
  rows.push([
    'computeWins, 256 uids x 20 batches',
    `${(wins.seconds * 1000).toFixed(1)} ms`,
    `${wins.peakGrowthMib.toFixed(1)} MiB`,
  ]);
} finally {
  await rm(dir, { recursive: true, force: true });
}

const header: [string, string, string] = ['benchmark', 'speed', 'peak RSS growth'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
for (const row of [header, widths.map((w) => '-'.repeat(w)), ...rows]) {
  console.log(
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}
