// A download run in its own process, so a test can SIGKILL it mid-way. Prints each event as a JSON line.
import { createVisionSource, generateDataset } from '../index.js';

const [baseUrl, outputDir, numSamples] = process.argv.slice(2);
await generateDataset({
  source: createVisionSource({ baseUrl }),
  numSamples: Number(numSamples),
  mjVersion: 6,
  outputDir: outputDir!,
  concurrency: 2,
  onEvent: (event) => process.stdout.write(`${JSON.stringify(event)}\n`),
});
