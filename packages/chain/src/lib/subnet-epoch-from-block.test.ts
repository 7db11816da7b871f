import { subnetEpochFromBlock } from './subnet-epoch-from-block.js';

describe('subnetEpochFromBlock', () => {
  it('counts epochs of tempo + 1 blocks offset by netuid + 1, like subtensor get_epoch_index', () => {
    // netuid 17, tempo 360: (block + 18) / 361.
    expect(subnetEpochFromBlock(342, 17, 360)).toEqual({ index: 0, nextEpochBlock: 343 });
    expect(subnetEpochFromBlock(343, 17, 360)).toEqual({ index: 1, nextEpochBlock: 704 });
    expect(subnetEpochFromBlock(703, 17, 360)).toEqual({ index: 1, nextEpochBlock: 704 });
  });

  it('always puts the next epoch start after the block and in the next epoch', () => {
    for (const [block, netuid, tempo] of [
      [0, 0, 0],
      [5, 2, 10],
      [1_000_003, 17, 360],
      [99, 1, 99],
    ] as const) {
      const { index, nextEpochBlock } = subnetEpochFromBlock(block, netuid, tempo);
      expect(nextEpochBlock).toBeGreaterThan(block);
      expect(subnetEpochFromBlock(nextEpochBlock, netuid, tempo).index).toBe(index + 1);
      expect(subnetEpochFromBlock(nextEpochBlock - 1, netuid, tempo).index).toBe(index);
    }
  });
});
