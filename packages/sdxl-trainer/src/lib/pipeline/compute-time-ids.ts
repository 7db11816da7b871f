/**
 * SDXL's micro-conditioning for one image, as the training script's `compute_time_ids`:
 * [original height, original width, crop top, crop left, target height, target width].
 */
export function computeTimeIds(
  originalSize: readonly [number, number],
  cropTopLeft: readonly [number, number],
  targetSize: readonly [number, number],
): number[] {
  const ids = [...originalSize, ...cropTopLeft, ...targetSize];
  if (ids.length !== 6 || ids.some((value) => !Number.isFinite(value) || value < 0)) {
    throw new Error(
      `computeTimeIds: sizes and crop must be pairs of non-negative numbers, got ${JSON.stringify([originalSize, cropTopLeft, targetSize])}.`,
    );
  }
  return ids.map(Math.fround);
}
