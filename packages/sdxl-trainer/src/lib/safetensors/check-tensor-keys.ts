import type { ExpectedTensorShapes } from '../../types/safetensors.js';
import { SafetensorsKeyMismatchError, type ShapeMismatch } from './errors.js';

/**
 * Compares a checkpoint's keys and shapes with what a model expects and throws one
 * SafetensorsKeyMismatchError listing every missing, unexpected and wrong-shape key (sorted by name), so a
 * user fixes them all at once instead of one per run.
 */
export function checkTensorKeys(
  path: string,
  actual: Iterable<{ name: string; shape: readonly number[] }>,
  expected: ExpectedTensorShapes,
): void {
  const expectedShapes: ReadonlyMap<string, readonly number[]> =
    expected instanceof Map ? expected : new Map(Object.entries(expected));
  const seen = new Set<string>();
  const unexpected: string[] = [];
  const wrongShape: ShapeMismatch[] = [];
  for (const { name, shape } of actual) {
    seen.add(name);
    const wanted = expectedShapes.get(name);
    if (!wanted) {
      unexpected.push(name);
    } else if (wanted.length !== shape.length || wanted.some((dim, i) => dim !== shape[i])) {
      wrongShape.push({ name, expected: [...wanted], actual: [...shape] });
    }
  }
  const missing = [...expectedShapes.keys()].filter((name) => !seen.has(name));
  if (missing.length || unexpected.length || wrongShape.length) {
    throw new SafetensorsKeyMismatchError(
      path,
      missing.sort(),
      unexpected.sort(),
      wrongShape.sort((a, b) => (a.name < b.name ? -1 : 1)),
    );
  }
}
