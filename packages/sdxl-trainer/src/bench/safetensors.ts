// Measures safetensors write and read throughput and peak memory on a ~200 MB checkpoint shaped like a
// UNet's (a few hundred tensors, large matrices and small biases), in F32, F16 and BF16. Each operation
// runs in a fresh Node.js process so its peak RSS is its own; run with `pnpm bench`.
import { rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SafetensorsDtype, SafetensorsWriteEntry } from '../index.js';
import { loadSafetensors, readSafetensors, writeSafetensors } from '../index.js';
import { peakRssMb } from './support/peak-rss-mb.js';
import { printTable } from './support/print-table.js';
import { runBenchChild } from './support/run-bench-child.js';
import { runPhasedBench } from './support/run-phased-bench.js';

const MB = 1e6;
const FLOAT_DTYPES = ['F32', 'F16', 'BF16'] as const;

/** ~200 MB in F32: 26 blocks of a [1280, 768] linear weight, a [320, 320, 3, 3] conv weight and three biases. */
function checkpointEntries(dtype: SafetensorsDtype): SafetensorsWriteEntry[] {
  const shapes: number[][] = [];
  for (let block = 0; block < 26; block++) {
    shapes.push([1280, 768], [320, 320, 3, 3], [1280], [768], [320]);
  }
  // One filled array per distinct shape, shared by every tensor of that shape, so generating the data
  // costs neither time nor memory inside the measured write.
  const filled = new Map<string, Float32Array>();
  return shapes.map((shape, i) => {
    const key = shape.join('x');
    if (!filled.has(key)) {
      const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
      let seed = 12345;
      for (let j = 0; j < data.length; j++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        data[j] = (seed / 2 ** 32 - 0.5) * 0.1;
      }
      filled.set(key, data);
    }
    const data = filled.get(key)!;
    return { name: `blocks.${Math.floor(i / 5)}.param_${i % 5}`, dtype, shape, data: () => data };
  });
}

interface PhaseResult {
  seconds: number;
  maxRssMb: number;
}

/** Runs in the child process: one operation, then reports its time and the process's peak RSS. */
async function runPhase(phase: string, file: string): Promise<void> {
  const [operation, dtype] = phase.split(':') as [string, SafetensorsDtype];
  const start = process.hrtime.bigint();
  if (operation === 'write') {
    await writeSafetensors(file, checkpointEntries(dtype), { metadata: { format: 'pt' } });
  } else if (operation === 'stream') {
    let checksum = 0;
    for await (const tensor of readSafetensors(file)) checksum += Number(tensor.data[0]);
    if (Number.isNaN(checksum)) throw new Error('unexpected NaN');
  } else if (operation === 'load-all') {
    const tensors = await loadSafetensors(file);
    if (tensors.size === 0) throw new Error('empty checkpoint');
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const result: PhaseResult = { seconds, maxRssMb: peakRssMb() };
  process.stdout.write(JSON.stringify(result));
}

/** Runs in the parent: every phase in its own child process, then the table. */
async function main(dir: string): Promise<void> {
  const idle = runBenchChild<PhaseResult>(import.meta.url, ['idle', path.join(dir, 'none')]);
  const rows: string[][] = [];
  for (const dtype of FLOAT_DTYPES) {
    const file = path.join(dir, `checkpoint-${dtype}.safetensors`);
    const phases: [string, string][] = [
      [`write ${dtype} (streamed, fsync + rename)`, `write:${dtype}`],
      [`read ${dtype} -> F32, tensor by tensor`, `stream:${dtype}`],
      ...(dtype === 'F32'
        ? [[`read ${dtype}, all tensors kept (loadSafetensors)`, `load-all:${dtype}`]]
        : []),
    ] as [string, string][];
    for (const [label, phase] of phases) {
      const result = runBenchChild<PhaseResult>(import.meta.url, [phase, file]);
      const size = (await stat(file)).size;
      rows.push([
        label,
        (size / MB).toFixed(0),
        result.seconds.toFixed(2),
        (size / MB / result.seconds).toFixed(0),
        result.maxRssMb.toFixed(0),
        (result.maxRssMb - idle.maxRssMb).toFixed(0),
      ]);
    }
    await rm(file);
  }
  printTable(
    `safetensors I/O (Node ${process.version}, ${os.cpus().length} cores; idle process peak RSS ` +
      `${idle.maxRssMb.toFixed(0)} MB; reads hit the page cache right after the write)`,
    ['operation', 'file MB', 'seconds', 'MB/s', 'peak RSS MB', 'over idle MB'],
    rows,
  );
}

await runPhasedBench(import.meta.url, {
  scratchPrefix: 'safetensors-bench',
  main,
  phase: ([phase, file]) => runPhase(phase!, file!),
});
