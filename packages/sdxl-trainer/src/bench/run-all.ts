// Runs every benchmark in this folder in sequence (each prints its own table). A new bench only needs a
// file here: `src/bench/<name>.ts` that does its work when imported. Shared helpers live in `support/`
// (child-process phases for per-operation peak RSS, table printing), which is not run.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const self = path.basename(fileURLToPath(import.meta.url));
const benches = (await readdir(here)).filter((file) => file.endsWith('.ts') && file !== self).sort();
for (const bench of benches) {
  console.log(`\n## ${bench.replace(/\.ts$/, '')}`);
  await import(pathToFileURL(path.join(here, bench)).href);
}
