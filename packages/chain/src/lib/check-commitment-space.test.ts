import { checkCommitmentSpace } from './check-commitment-space.js';
import { RateLimitError } from './errors.js';
import { subnetEpochFromBlock } from './subnet-epoch-from-block.js';
import { subnetEpochFromCounter } from './subnet-epoch-from-counter.js';

const HOTKEY = '5HotkeyAddress';

function refusal(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('checkCommitmentSpace', () => {
  const epoch = { index: 7, nextEpochBlock: 1_360 };

  it('lets a commitment through while max(100, bytes) still fits the epoch budget', () => {
    expect(() =>
      checkCommitmentSpace({
        hotkey: HOTKEY,
        bytes: 40,
        used: { lastEpoch: 7, usedSpace: 3_000 },
        maxSpace: 3_100,
        epoch,
      }),
    ).not.toThrow();
    expect(() =>
      checkCommitmentSpace({ hotkey: HOTKEY, bytes: 128, used: undefined, maxSpace: 3_100, epoch }),
    ).not.toThrow();
  });

  it('does not count space used in an earlier epoch: the chain resets it', () => {
    expect(() =>
      checkCommitmentSpace({
        hotkey: HOTKEY,
        bytes: 128,
        used: { lastEpoch: 6, usedSpace: 3_100 },
        maxSpace: 3_100,
        epoch,
      }),
    ).not.toThrow();
  });

  it('refuses an over-budget commitment with the block the next epoch starts', () => {
    const error = refusal(() =>
      checkCommitmentSpace({
        hotkey: HOTKEY,
        bytes: 128,
        used: { lastEpoch: 7, usedSpace: 3_000 },
        maxSpace: 3_100,
        epoch,
      }),
    );
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ code: 'commitments.SpaceLimitExceeded', retryAtBlock: 1_360 });
    expect((error as Error).message).toBe(
      `Hotkey ${HOTKEY} used 3000 of its 3100 commitment space this subnet epoch and this commitment needs 128. ` +
        "Retry at block 1360, when the subnet's next epoch starts.",
    );
  });

  it("retries at the runtime's own next epoch: LastEpochBlock + Tempo, or the block-number rule's boundary", () => {
    const used = { lastEpoch: 7, usedSpace: 3_100 };
    const stored = subnetEpochFromCounter(1_200, {
      epochIndex: 7,
      lastEpochBlock: 1_000,
      tempo: 360,
      pendingEpochAt: 0,
    });
    expect(
      refusal(() =>
        checkCommitmentSpace({ hotkey: HOTKEY, bytes: 40, used, maxSpace: 3_100, epoch: stored }),
      ),
    ).toMatchObject({
      retryAtBlock: 1_360,
    });
    const atRetry = subnetEpochFromCounter(1_360, {
      epochIndex: 7,
      lastEpochBlock: 1_000,
      tempo: 360,
      pendingEpochAt: 0,
    });
    expect(() =>
      checkCommitmentSpace({ hotkey: HOTKEY, bytes: 40, used, maxSpace: 3_100, epoch: atRetry }),
    ).not.toThrow();

    // netuid 17, tempo 360: epoch 7 is blocks 2509..2869 ((block + 18) / 361).
    const byBlock = subnetEpochFromBlock(2_600, 17, 360);
    expect(byBlock.index).toBe(7);
    expect(
      refusal(() =>
        checkCommitmentSpace({ hotkey: HOTKEY, bytes: 40, used, maxSpace: 3_100, epoch: byBlock }),
      ),
    ).toMatchObject({
      retryAtBlock: 2_870,
    });
  });

  it('says the budget does not renew on a subnet without epochs', () => {
    const error = refusal(() =>
      checkCommitmentSpace({
        hotkey: HOTKEY,
        bytes: 40,
        used: { lastEpoch: 7, usedSpace: 3_100 },
        maxSpace: 3_100,
        epoch: { index: 7, nextEpochBlock: undefined },
      }),
    );
    expect(error).toMatchObject({ retryAtBlock: undefined });
    expect((error as Error).message).toContain('runs no epochs now (tempo 0)');
  });
});
