import { netuidStorageIndex } from './netuid-storage-index.js';

describe('netuidStorageIndex', () => {
  it('is mechanism * 4096 + netuid, so mechanism 0 is the netuid', () => {
    expect(netuidStorageIndex(17)).toBe(17);
    expect(netuidStorageIndex(17, 0)).toBe(17);
    expect(netuidStorageIndex(17, 1)).toBe(4113);
    expect(netuidStorageIndex(4095, 15)).toBe(65_535);
  });

  it('refuses netuids and mechanisms the index cannot hold', () => {
    expect(() => netuidStorageIndex(4096)).toThrow('netuid must be an integer from 0 to 4095, got 4096');
    expect(() => netuidStorageIndex(-1)).toThrow(RangeError);
    expect(() => netuidStorageIndex(1.5)).toThrow(RangeError);
    expect(() => netuidStorageIndex(17, 16)).toThrow('mechanism must be an integer from 0 to 15, got 16');
  });
});
