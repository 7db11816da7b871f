// Test helpers other workspace packages' tests share, reachable as "@pixel/sdxl-trainer/test-support" only
// under the "@pixel/source" condition (jest and typecheck): never built nor published.
export { writeTrainingFolder } from './write-training-folder.js';
