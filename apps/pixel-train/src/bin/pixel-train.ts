#!/usr/bin/env node
// `pixel-train ...` is `pixel model train sdxl ...`: one implementation, two entry points.
import { runCli } from '@pixel/cli';

process.exitCode = await runCli(['model', 'train', 'sdxl', ...process.argv.slice(2)], {
  programName: 'pixel-train',
});
