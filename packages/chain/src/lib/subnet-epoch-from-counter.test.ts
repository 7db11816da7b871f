import { subnetEpochFromCounter } from './subnet-epoch-from-counter.js';

describe('subnetEpochFromCounter', () => {
  const counter = { epochIndex: 7, lastEpochBlock: 1_000, tempo: 360, pendingEpochAt: 0 };

  it('keeps the stored index until LastEpochBlock + Tempo, when the next epoch is due', () => {
    expect(subnetEpochFromCounter(1_001, counter)).toEqual({ index: 7, nextEpochBlock: 1_360 });
    expect(subnetEpochFromCounter(1_359, counter)).toEqual({ index: 7, nextEpochBlock: 1_360 });
  });

  it('counts a block in which the due epoch fires in the new epoch (it fires before the transactions)', () => {
    expect(subnetEpochFromCounter(1_360, counter)).toEqual({ index: 8, nextEpochBlock: 1_720 });
    // Overdue (the chain has not built the block yet): it fires in the next block.
    expect(subnetEpochFromCounter(1_400, counter)).toEqual({ index: 8, nextEpochBlock: 1_760 });
  });

  it("fires at the owner's PendingEpochAt when that comes first", () => {
    expect(subnetEpochFromCounter(1_100, { ...counter, pendingEpochAt: 1_200 })).toEqual({
      index: 7,
      nextEpochBlock: 1_200,
    });
    expect(subnetEpochFromCounter(1_100, { ...counter, pendingEpochAt: 2_000 })).toEqual({
      index: 7,
      nextEpochBlock: 1_360,
    });
  });

  it('runs no epochs with tempo 0', () => {
    expect(subnetEpochFromCounter(5_000, { ...counter, tempo: 0 })).toEqual({
      index: 7,
      nextEpochBlock: undefined,
    });
  });
});
