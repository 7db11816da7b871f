#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startVisionSource } from '../lib/start-vision-source.js';
import type { VisionSourceFaults } from '../types.js';

const usage = `Usage: vision-source [--port 0] [--count 8] [--faults '{"images":{"1":"not-found"}}']

Serves a local subnet 19 image store on 127.0.0.1 until interrupted.
Point \`pixel dataset generate --source-url <url>\` (or PIXEL_VISION_SOURCE_URL) at the printed URL.`;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.VISION_SOURCE_PORT ?? '0' },
    count: { type: 'string', default: '8' },
    faults: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const port = Number(values.port);
const count = Number(values.count);
if (!Number.isInteger(port) || port < 0 || !Number.isInteger(count) || count < 0) {
  console.error(`--port and --count must be non-negative integers.\n\n${usage}`);
  process.exit(2);
}
let faults: VisionSourceFaults | undefined;
try {
  faults = values.faults ? (JSON.parse(values.faults) as VisionSourceFaults) : undefined;
} catch (error) {
  console.error(`--faults is not valid JSON (${(error as Error).message}).\n\n${usage}`);
  process.exit(2);
}
const source = await startVisionSource({ port, count, faults });
console.log(`vision source listening on ${source.url} with ${source.records.length} records`);
const stop = (): void => void source.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
