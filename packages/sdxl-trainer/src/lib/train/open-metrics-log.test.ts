import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { useTemporaryDirectory } from '@pixel-tools/test-support';
import { openMetricsLog } from './open-metrics-log.js';

const temporary = useTemporaryDirectory('open-metrics-log');

const lines = async (file: string) =>
  (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, number>);

describe('openMetricsLog', () => {
  it('creates the log folder and appends one JSON line per call', async () => {
    const dir = path.join(temporary(), 'out', 'logs');
    const metrics = await openMetricsLog(dir);
    await metrics.append({ step: 1, loss: 0.5 });
    await metrics.append({ step: 1, epoch: 0, eval_loss: 0.25, eval_samples: 2 });
    expect(await lines(path.join(dir, 'metrics.jsonl'))).toEqual([
      { step: 1, loss: 0.5 },
      { step: 1, epoch: 0, eval_loss: 0.25, eval_samples: 2 },
    ]);
  });

  it('resumed at a step, drops the lines a killed run logged after it and appends after the rest', async () => {
    const dir = temporary();
    const file = path.join(dir, 'metrics.jsonl');
    const logged = [0, 1, 2, 3, 4].map((step) => JSON.stringify({ step, loss: step / 10 }));
    await writeFile(file, `${logged.join('\n')}\n`);
    const metrics = await openMetricsLog(dir, 2);
    await metrics.append({ step: 3, loss: 0.7 });
    expect((await lines(file)).map((line) => [line.step, line.loss])).toEqual([
      [0, 0],
      [1, 0.1],
      [2, 0.2],
      [3, 0.7],
    ]);
  });

  it('names the folder and the flag to change when the log folder cannot be made', async () => {
    const dir = temporary();
    await writeFile(path.join(dir, 'file'), '');
    await expect(openMetricsLog(path.join(dir, 'file', 'logs'))).rejects.toThrow(
      new RegExp(`^Cannot create the log folder ${path.join(dir, 'file', 'logs')}: .*--logging_dir`),
    );
  });
});
