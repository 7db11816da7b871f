import { readFileSync } from 'node:fs';
import { SHARED } from '../shared.mjs';
import type { ReferenceVectors } from '../types/reference-vectors.js';

/** The shared reference vectors (read-only ground truth beside the repository, never copied into it). */
export function referenceVectors(): ReferenceVectors {
  return JSON.parse(readFileSync(SHARED.referenceVectors, 'utf8')) as ReferenceVectors;
}
