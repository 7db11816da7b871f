import type { ImageFormat } from '../types/public.js';

const SIGNATURES: readonly [ImageFormat, number, readonly number[]][] = [
  ['png', 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['jpeg', 0, [0xff, 0xd8, 0xff]],
  ['webp', 8, [0x57, 0x45, 0x42, 0x50]],
];

/** The image format announced by the file's magic bytes, whatever the server's content-type says. */
export function detectImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  for (const [format, offset, signature] of SIGNATURES) {
    if (signature.every((byte, i) => bytes[offset + i] === byte)) {
      // WebP is RIFF....WEBP; check the RIFF part too.
      if (
        format === 'webp' &&
        !(bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x46)
      )
        continue;
      return format;
    }
  }
  return undefined;
}
