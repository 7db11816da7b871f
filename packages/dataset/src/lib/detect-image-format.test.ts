import sharp from 'sharp';
import { detectImageFormat } from '../index.js';

describe('detectImageFormat', () => {
  it('recognises PNG, JPEG and WebP by their bytes', async () => {
    const pixel = sharp({ create: { width: 1, height: 1, channels: 3, background: '#f00' } });
    expect(detectImageFormat(await pixel.clone().png().toBuffer())).toBe('png');
    expect(detectImageFormat(await pixel.clone().jpeg().toBuffer())).toBe('jpeg');
    expect(detectImageFormat(await pixel.clone().webp().toBuffer())).toBe('webp');
  });

  it('rejects HTML, empty bodies and RIFF files that are not WebP', () => {
    expect(detectImageFormat(Buffer.from('<!DOCTYPE html><html>'))).toBeUndefined();
    expect(detectImageFormat(Buffer.alloc(0))).toBeUndefined();
    expect(detectImageFormat(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBeUndefined();
  });
});
