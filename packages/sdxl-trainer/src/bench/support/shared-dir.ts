import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The read-only shared fixtures: PIXEL_SHARED_DIR, or `shared/` beside the repo checkout. */
export const sharedDir =
  process.env.PIXEL_SHARED_DIR ??
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../../shared');
