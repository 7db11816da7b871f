import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SHARED } from '@pixel-tools/test-support';

/**
 * Copies the tiny pipeline's UNet folder to `dir` with `changes` merged into its config.json (the weights
 * stay the tiny ones): models whose config alone is at fault, as a stranger could commit them.
 */
export async function writeUnetWithConfig(dir: string, changes: Record<string, unknown>): Promise<string> {
  await cp(path.join(SHARED.tinyPipeline, 'unet'), dir, { recursive: true });
  const configPath = path.join(dir, 'config.json');
  const config = JSON.parse(await readFile(configPath, 'utf8')) as Record<string, unknown>;
  await writeFile(configPath, JSON.stringify({ ...config, ...changes }));
  return dir;
}
