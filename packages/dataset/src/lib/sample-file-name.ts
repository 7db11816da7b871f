import type { ImageFormat } from '../types/public.js';

const EXTENSIONS: Record<ImageFormat, string> = { png: 'png', jpeg: 'jpg', webp: 'webp' };

/** The file name of an image kept whole, from our own index and its format: `000000002.jpg`. */
export function sampleFileName(index: number, format: ImageFormat): string {
  return `${String(index).padStart(9, '0')}.${EXTENSIONS[format]}`;
}
