import sharp from 'sharp';

export const GRID_SIZE = 2048;
const TILE = GRID_SIZE / 2;
// A local binding: global lookups inside hot loops are slow in sandboxed contexts (jest's vm).
const imul = Math.imul;

/**
 * A deterministic 2048x2048 PNG made of four visibly different 1024x1024 tiles. Each tile is a
 * gradient plus hashed noise seeded by (seed, tile), so no two records or tiles share bytes and the
 * PNG encoder has real work to do, unlike with flat colours.
 */
export async function generateGridImage(
  seed: number,
  width = GRID_SIZE,
  height = GRID_SIZE,
): Promise<Buffer> {
  const pixels = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const tile = (y >= TILE ? 2 : 0) + (x >= TILE ? 1 : 0);
      let h = imul(x, 374761393) ^ imul(y, 668265263) ^ imul(seed * 4 + tile + 1, 2654435761);
      h = imul(h ^ (h >>> 13), 1274126177) >>> 0;
      const i = (y * width + x) * 3;
      pixels[i] = ((x >> 3) + tile * 64 + seed * 37 + (h & 7)) & 255;
      pixels[i + 1] = ((y >> 3) + seed * 91 + ((h >>> 4) & 7)) & 255;
      pixels[i + 2] = (((x + y) >> 4) + tile * 32 + seed * 13) & 255;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}
