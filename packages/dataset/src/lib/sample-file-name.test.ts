import { sampleFileName } from '../index.js';

describe('sampleFileName', () => {
  it('names a whole image by our index, with the extension of its format', () => {
    expect(sampleFileName(2, 'jpeg')).toBe('000000002.jpg');
    expect(sampleFileName(123, 'png')).toBe('000000123.png');
    expect(sampleFileName(1, 'webp')).toBe('000000001.webp');
  });
});
