import { readFile, readdir, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ATOMIC_TEMP_SUFFIX } from '@pixel/files';
import { startVisionSource, type RunningVisionSource } from '@pixel-tools/vision-source';
import sharp from 'sharp';
import { createVisionSource, generateDataset, STATE_DIR, type DatasetEvent } from '../index.js';
import { listOutput } from '../test-support/list-output.js';
import { readImageFolder } from '../test-support/read-image-folder.js';
import { spawnTypeScript } from '@pixel-tools/test-support';

const CHILD = fileURLToPath(new URL('../test-support/generate-child.ts', import.meta.url));

describe('generateDataset after the process is killed mid-download', () => {
  let dir: string;
  let store: RunningVisionSource;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dataset-kill-'));
    // Slow images keep downloads in flight when the kill lands.
    store = await startVisionSource({
      records: Array.from({ length: 6 }, (_, i) => ({ prompt: `frame ${i} --v 6` })),
      faults: { imageDelayMs: 400 },
    });
  });
  afterAll(async () => {
    await store.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps only whole files, and the re-run fetches only what was not finished', async () => {
    const child = spawnTypeScript(CHILD, [store.url, dir, '6']);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    for await (const line of createInterface({ input: child.stdout! })) {
      const event = JSON.parse(line) as DatasetEvent;
      if (event.type === 'progress' && event.phase === 'splitting' && event.done >= 2) {
        child.kill('SIGKILL');
        break;
      }
    }
    expect({ signal: await exited, stderr }).toEqual({ signal: 'SIGKILL', stderr: '' });

    // Whatever the kill interrupted, every visible tile decodes completely.
    const visible = (await listOutput(dir)).filter((name) => name.endsWith('.png'));
    expect(visible.length).toBeGreaterThanOrEqual(8);
    for (const name of visible) {
      const { info } = await sharp(path.join(dir, name)).raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([1024, 1024]);
    }
    const journal = await readFile(path.join(dir, STATE_DIR, 'done.jsonl'), 'utf8');
    const finished = journal
      .split('\n')
      .filter((line) => line.endsWith('}'))
      .map((line) => (JSON.parse(line) as { index: number }).index);
    expect(finished.length).toBeGreaterThanOrEqual(2);
    expect(finished.length).toBeLessThan(6);
    const before = store.stats();

    store.setFaults({});
    const summary = await generateDataset({
      source: createVisionSource({ baseUrl: store.url }),
      numSamples: 6,
      mjVersion: 6,
      outputDir: dir,
    });
    expect(summary).toMatchObject({ kept: 6, resumed: finished.length, samples: 24, skippedRecords: [] });
    const after = store.stats();
    expect(after.pageRequests).toBe(before.pageRequests);
    for (const index of finished) {
      const image = `/images/${index - 1}.png`;
      expect({ image, requests: after.imageRequests[image] }).toEqual({
        image,
        requests: before.imageRequests[image],
      });
    }
    for (const folder of [dir, path.join(dir, STATE_DIR)])
      expect((await readdir(folder)).filter((name) => name.endsWith(ATOMIC_TEMP_SUFFIX))).toEqual([]);
    expect((await readImageFolder(dir)).map((s) => s.text)).toEqual(
      [0, 1, 2, 3, 4, 5].flatMap((i) => Array(4).fill(`frame ${i}`)),
    );
  });
});
