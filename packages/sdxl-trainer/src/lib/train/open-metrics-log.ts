import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { toFileSystemError, writeFileAtomic, type FileErrorContext } from '@pixel/files';
import type { MetricsLog } from './run-types.js';

/** What a failed write of metrics.jsonl says to do besides freeing space or fixing permissions. */
const METRICS_FILE_CONTEXT: FileErrorContext = {
  action: 'write the training log',
  elsewhere: 'or choose another folder with --logging_dir',
};

/**
 * `<loggingDir>/metrics.jsonl`, its folder created, for appending one JSON line per step and evaluation.
 * A run resumed at `resumedStep` drops the lines a killed run logged after that checkpoint: those steps
 * are done again, and the curve keeps one line per step.
 */
export async function openMetricsLog(loggingDir: string, resumedStep?: number): Promise<MetricsLog> {
  const file = path.join(path.resolve(loggingDir), 'metrics.jsonl');
  await mkdir(path.dirname(file), { recursive: true }).catch((error: unknown) => {
    throw toFileSystemError(error, path.dirname(file), {
      ...METRICS_FILE_CONTEXT,
      action: 'create the log folder',
    });
  });
  if (resumedStep !== undefined) await truncateMetrics(file, resumedStep);
  return {
    append: (line) =>
      appendFile(file, `${JSON.stringify(line)}\n`).catch((error: unknown) => {
        throw toFileSystemError(error, file, METRICS_FILE_CONTEXT);
      }),
  };
}

/** Keeps the metrics lines of steps up to `lastStep` (atomically); nothing to do without a file. */
async function truncateMetrics(file: string, lastStep: number): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  const kept = text
    .split('\n')
    .filter((line) => line && (JSON.parse(line) as { step: number }).step <= lastStep)
    .map((line) => `${line}\n`)
    .join('');
  await writeFileAtomic(file, kept, { elsewhere: METRICS_FILE_CONTEXT.elsewhere });
}
