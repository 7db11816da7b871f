#!/usr/bin/env node
// `pixel-upload ...` is `pixel model upload ...` (the seed's scripts/upload_model.py command line).
import { runCli } from '@pixel/cli';

process.exitCode = await runCli(['model', 'upload', ...process.argv.slice(2)], {
  programName: 'pixel-upload',
});
