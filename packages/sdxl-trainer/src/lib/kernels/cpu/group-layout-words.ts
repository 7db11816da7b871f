import type { GroupLayout } from './group-layout.js';

/** A GroupNorm layout as the engine's kernels read it (assembly/group-norm.ts, five int32 words). */
export function groupLayoutWords(layout: GroupLayout): number[] {
  return [layout.samples, layout.positions, layout.groups, layout.groupSize, layout.channels];
}
