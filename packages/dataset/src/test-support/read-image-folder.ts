import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { parseCsv } from './parse-csv.js';

export interface ImageFolderSample {
  file_name: string;
  text: string;
  width: number;
  height: number;
}

/**
 * Reads a folder the way an image-folder loader does: `metadata.csv` names each image and its caption;
 * every image must exist and decode.
 */
export async function readImageFolder(dir: string): Promise<ImageFolderSample[]> {
  const [header, ...rows] = parseCsv(await readFile(path.join(dir, 'metadata.csv'), 'utf8'));
  if (header?.join(',') !== 'file_name,text')
    throw new Error(`unexpected metadata.csv header ${header?.join(',')}`);
  return Promise.all(
    rows.map(async ([file_name, text]) => {
      const { info } = await sharp(path.join(dir, file_name!)).raw().toBuffer({ resolveWithObject: true });
      return { file_name: file_name!, text: text!, width: info.width, height: info.height };
    }),
  );
}
