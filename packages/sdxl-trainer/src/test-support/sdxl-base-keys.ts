import { readFileSync } from 'node:fs';
import path from 'node:path';

import { SHARED } from '@pixel-tools/test-support';

type Component = 'unet' | 'vae' | 'text_encoder' | 'text_encoder_2';

/** The full-size SDXL base state_dict keys and shapes of one component, in state_dict order. */
export function sdxlBaseKeys(component: Component): { key: string; shape: number[] }[] {
  const rows = readFileSync(path.join(SHARED.sdxlBaseKeys, `${component}.keys.tsv`), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  return rows.map((row) => {
    const [, key, shape] = row.split('\t');
    return { key: key!, shape: JSON.parse(shape!) as number[] };
  });
}

/** The component's config.json and its parameter and key counts from summary.json. */
export function sdxlBaseComponent(component: Component): {
  config: Record<string, unknown>;
  parameters: number;
  keys: number;
} {
  const summary = JSON.parse(readFileSync(path.join(SHARED.sdxlBaseKeys, 'summary.json'), 'utf8')) as {
    components: Record<string, { parameters: number; state_dict_keys: number }>;
  };
  const config = JSON.parse(
    readFileSync(path.join(SHARED.sdxlBaseKeys, component, 'config.json'), 'utf8'),
  ) as Record<string, unknown>;
  const { parameters, state_dict_keys: keys } = summary.components[component]!;
  return { config, parameters, keys };
}
