import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SHARED } from '@pixel-tools/test-support';

/**
 * An imagefolder dataset of `count` samples made of the tiny pipeline's two 64x64 fixture images, each
 * row with its own caption (so its own prompt embeddings).
 */
export async function writeEvaluationDataset(dir: string, count: number): Promise<string> {
  await mkdir(dir, { recursive: true });
  const rows = ['file_name,text'];
  for (let index = 0; index < count; index++) {
    const name = `sample_${index}.png`;
    await copyFile(path.join(SHARED.tinyPipeline, 'images', `image_${index % 2}.png`), path.join(dir, name));
    rows.push(`${name},"a small picture, number ${index}"`);
  }
  await writeFile(path.join(dir, 'metadata.csv'), `${rows.join('\n')}\n`);
  return dir;
}
