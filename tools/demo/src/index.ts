export { runDemo } from './lib/run-demo.js';
export { formatDemoReport } from './lib/format-demo-report.js';
export { runValidatorRound, type ValidatorRoundOptions } from './lib/run-validator-round.js';
export { runPixelCommand, type PixelBinary, type PixelCommandOptions } from './lib/run-pixel-command.js';
export type * from './types.js';
