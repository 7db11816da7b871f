// A process that holds a push work folder in `process.argv[2]` (printed on stdout, with a file in it) until
// it is killed: for the tests of what signals and SIGKILL leave behind.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { withPushWorkDir } from '../lib/push-model-work-dir.js';

await withPushWorkDir({ tempRoot: process.argv[2] }, async (workDir) => {
  await writeFile(path.join(workDir, 'weights.safetensors'), Buffer.alloc(1024));
  process.stdout.write(`${workDir}\n`);
  await new Promise(() => setInterval(() => undefined, 60_000));
});
