// Measures the training data path without a model: indexing an imagefolder metadata.csv (rows per
// second and peak RSS as the row count grows, to show memory does not grow with the captions) and
// preprocessing images with sharp (images per second at the sizes miners train at). Each phase runs
// in a fresh Node.js process so its peak RSS is its own; run with `pnpm bench`.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { openImageFolder } from '../index.js';
import { preprocessImage } from '../lib/data/preprocess-image.js';
import { RandomGenerator } from '../lib/random/random-generator.js';
import { peakRssMb } from './support/peak-rss-mb.js';
import { runBenchChild } from './support/run-bench-child.js';
import { runPhasedBench } from './support/run-phased-bench.js';

const MB = 1e6;
// Indexing decodes every image (~30 ms of CPU for a 1024x1024 PNG), so the row counts stay modest.
const INDEX_ROWS = [1_000, 3_000, 10_000];
const PREPROCESS_IMAGES = 12;
/** [label, source image file, resolution]. */
const PREPROCESS_CASES: [string, string, number][] = [
  ['1024x1024 PNG tile -> 1024 (no resize)', 'tile.png', 1024],
  ['1024x1024 PNG tile -> 512 (resize)', 'tile.png', 512],
  ['2048x1536 JPEG -> 1024 (resize + random crop)', 'photo.jpg', 1024],
];

interface PhaseResult {
  seconds: number;
  count: number;
  maxRssMb: number;
}

/** A caption as long and awkward as Midjourney prompts get: commas, quotes, a line break. */
function caption(i: number): string {
  return `a highly detailed "digital painting" of library ${i}, warm light, glowing runes,\nvolumetric lighting, 8k, sharp focus, rich colour palette, trending on artstation`;
}

/** A 1024x1024 PNG and a 2048x1536 JPEG with some structure (so codecs do real work). */
async function writeImages(dir: string): Promise<void> {
  const noisy = (width: number, height: number) => {
    const data = Buffer.alloc(width * height * 3);
    const random = RandomGenerator.fromSeed(1);
    for (let i = 0; i < data.length; i += 3) {
      const x = (i / 3) % width;
      data[i] = x % 256;
      data[i + 1] = Math.floor(i / 3 / width) % 256;
      data[i + 2] = random.integer(256);
    }
    return sharp(data, { raw: { width, height, channels: 3 } });
  };
  await noisy(1024, 1024).png().toFile(path.join(dir, 'tile.png'));
  await noisy(2048, 1536).jpeg({ quality: 90 }).toFile(path.join(dir, 'photo.jpg'));
}

async function runPhase(phase: string, dir: string): Promise<void> {
  const [operation, argument] = phase.split(':') as [string, string];
  const start = process.hrtime.bigint();
  let count = 0;
  if (operation === 'index') {
    const dataset = await openImageFolder({ directory: path.join(dir, `rows-${argument}`) });
    count = dataset.length;
    await dataset.close();
  } else if (operation === 'preprocess') {
    const [, file, resolution] = PREPROCESS_CASES[Number(argument)]!;
    const random = RandomGenerator.fromSeed(0);
    for (; count < PREPROCESS_IMAGES; count++) {
      await preprocessImage(
        path.join(dir, file),
        { resolution, centerCrop: false, randomFlip: true },
        random,
      );
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const result: PhaseResult = { seconds, count, maxRssMb: peakRssMb() };
  process.stdout.write(JSON.stringify(result));
}

const runChild = (phase: string, dir: string) => runBenchChild<PhaseResult>(import.meta.url, [phase, dir]);

/** Runs in the parent: every phase in its own child process, then the tables. */
async function main(dir: string): Promise<void> {
  await writeImages(dir);
  const idle = runChild('idle:', dir);
  const indexRows = [];
  for (const rows of INDEX_ROWS) {
    const folder = path.join(dir, `rows-${rows}`);
    await mkdir(folder);
    await copyFile(path.join(dir, 'tile.png'), path.join(folder, 'tile.png'));
    const lines = Array.from({ length: rows }, (_, i) => `tile.png,"${caption(i).replace(/"/g, '""')}"`);
    await writeFile(path.join(folder, 'metadata.csv'), `file_name,text\n${lines.join('\n')}\n`);
    const result = runChild(`index:${rows}`, dir);
    indexRows.push({
      'metadata rows': rows,
      'metadata MB': Number(((rows * (caption(0).length + 14)) / MB).toFixed(1)),
      seconds: Number(result.seconds.toFixed(2)),
      'rows/s': Math.round(result.count / result.seconds),
      'peak RSS MB': Math.round(result.maxRssMb),
      'over idle MB': Math.round(result.maxRssMb - idle.maxRssMb),
    });
  }
  console.log(
    `\nopenImageFolder: stream metadata.csv, decode every image (same 1024x1024 PNG), keep offsets ` +
      `(Node ${process.version}, ${os.cpus().length} cores; idle peak RSS ${idle.maxRssMb.toFixed(0)} MB)`,
  );
  console.table(indexRows);

  const preprocessRows = PREPROCESS_CASES.map(([label], i) => {
    const result = runChild(`preprocess:${i}`, dir);
    return {
      case: label,
      images: result.count,
      'images/s': Number((result.count / result.seconds).toFixed(1)),
      'ms/image': Math.round((1000 * result.seconds) / result.count),
      'peak RSS MB': Math.round(result.maxRssMb),
    };
  });
  console.log(
    '\npreprocessImage: decode, RGB, resize shorter side, crop, flip, normalise to Float32 CHW (one at a time)',
  );
  console.table(preprocessRows);
}

await runPhasedBench(import.meta.url, {
  scratchPrefix: 'data-bench',
  main,
  phase: ([phase, dir]) => runPhase(phase!, dir!),
});
