import { formatBytes } from './format-bytes.js';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [1536, '1.50 KiB'],
    [5_135_151_128, '4.78 GiB'],
    [6 * 1024 ** 3, '6 GiB'],
    [200 * 1024 ** 2, '200 MiB'],
    [3 * 1024 ** 5, '3072 TiB'],
  ])('%i bytes is %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
