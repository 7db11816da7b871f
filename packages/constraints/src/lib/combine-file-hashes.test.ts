import { createHash } from 'node:crypto';
import { combineFileHashes } from '../index.js';

describe('combineFileHashes', () => {
  it('is base64(sha256) of the hashes concatenated in the order given', () => {
    const hashes = [
      'gIvin5aqaVC5J/ZyR5Zm7IYyXKmt1htlPsjPt16v9Mw=',
      '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
    ];
    expect(combineFileHashes(hashes)).toBe(createHash('sha256').update(hashes.join('')).digest('base64'));
    expect(combineFileHashes(hashes)).not.toBe(combineFileHashes([...hashes].reverse()));
  });

  it('of no files is the hash of nothing', () => {
    expect(combineFileHashes([])).toBe('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
  });
});
