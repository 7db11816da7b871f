import path from 'node:path';

import { readJsonFile } from '../folders/read-json-file.js';

/** model_index.json: component name -> [library, class name] (other keys are pipeline settings). */
export type ModelIndex = Map<string, [library: string, className: string]>;

/**
 * Reads a pipeline folder's `model_index.json` and checks that each `required` component is listed
 * with one of the accepted classes and has its folder. Every problem names the component and the fix.
 */
export async function readModelIndex(
  dir: string,
  required: Readonly<Record<string, readonly string[]>> = {},
): Promise<ModelIndex> {
  const file = path.join(dir, 'model_index.json');
  const json = await readJsonFile(file, 'Pipeline');
  const index: ModelIndex = new Map();
  for (const [name, value] of Object.entries(json)) {
    if (name.startsWith('_') || !Array.isArray(value)) continue;
    if (value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      index.set(name, [value[0], value[1]]);
    } else if (!(value.length === 2 && value[0] === null && value[1] === null)) {
      throw new Error(
        `Pipeline: ${file} lists component "${name}" as ${JSON.stringify(value)}; expected ["library", "ClassName"].`,
      );
    }
  }
  for (const [name, classes] of Object.entries(required)) {
    const entry = index.get(name);
    if (!entry) {
      throw new Error(
        `Pipeline: ${file} has no "${name}" component. An SDXL pipeline folder lists ${Object.keys(required).join(', ')}.`,
      );
    }
    if (!classes.includes(entry[1])) {
      throw new Error(
        `Pipeline: component "${name}" is a ${entry[1]} in ${file}; expected ${classes.join(' or ')}.`,
      );
    }
  }
  return index;
}
