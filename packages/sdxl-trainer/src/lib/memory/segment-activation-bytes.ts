import { ACTIVATION_COEFFICIENTS } from './activation-coefficients.js';
import { segmentTerms } from './segment-terms.js';
import type { SegmentMode, SegmentSizes } from './types.js';

/** Bytes a part keeps, leaves and peaks at (see SegmentCoefficients) in `mode`, from the measured coefficients. */
export function segmentActivationBytes(
  sizes: SegmentSizes,
  mode: SegmentMode,
): { kept: number; left: number; peak: number } {
  const coefficients = ACTIVATION_COEFFICIENTS[sizes.kind];
  const { kept, left, peak } = coefficients[mode] ?? coefficients.plain;
  const terms = segmentTerms(sizes);
  const bytes = (perTerm: readonly number[]) =>
    Math.round(4 * terms.reduce((sum, term, index) => sum + term * perTerm[index]!, 0));
  return { kept: bytes(kept), left: bytes(left), peak: bytes(peak) };
}
