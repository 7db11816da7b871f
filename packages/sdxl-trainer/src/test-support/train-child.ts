// Runs train() in a child process for the SIGKILL-and-resume test: options as JSON in argv[2], the
// training cache folder in argv[3]; every event is printed to stdout as one JSON line.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { parseTrainOptions } from '../lib/train-options/parse-train-options.js';
import { train } from '../lib/train/train.js';

await tf.setBackend('cpu');
const { options } = parseTrainOptions(JSON.parse(process.argv[2]!) as Record<string, unknown>);
await train(options, {
  trainingCacheDir: process.argv[3]!,
  onEvent: (event) => process.stdout.write(`${JSON.stringify(event)}\n`),
});
