import { loadRuntimeMetadata } from '../test-support/runtime-metadata.js';
import { subtensorRuntimeRules } from './subtensor-runtime-rules.js';

describe('subtensorRuntimeRules', () => {
  it("reads finney spec 343's rules from its metadata: space budget, epochs by block number", () => {
    const { decorated } = loadRuntimeMetadata('finney-spec343-v15.scale');
    expect(subtensorRuntimeRules(decorated.query)).toEqual({
      commitmentLimit: 'space-budget',
      epoch: 'block-number',
    });
  });

  it('takes the stored epoch counter once the runtime has SubnetEpochIndex and LastEpochBlock', () => {
    // Items a v3.4.8-423+ runtime adds to what spec 343 has (no such metadata is available offline).
    const { decorated } = loadRuntimeMetadata('finney-spec343-v15.scale');
    const withCounter = {
      ...decorated.query,
      subtensorModule: { ...decorated.query.subtensorModule, subnetEpochIndex: {}, lastEpochBlock: {} },
    };
    expect(subtensorRuntimeRules(withCounter).epoch).toBe('stored-index');
    const counterOnly = {
      ...decorated.query,
      subtensorModule: { ...decorated.query.subtensorModule, subnetEpochIndex: {} },
    };
    expect(subtensorRuntimeRules(counterOnly).epoch).toBe('block-number');
  });

  it('falls back to the block-interval commitment limit without UsedSpaceOf', () => {
    const { decorated } = loadRuntimeMetadata('finney-spec343-v15.scale');
    const { usedSpaceOf: _dropped, ...olderCommitments } = decorated.query.commitments!;
    expect(subtensorRuntimeRules({ ...decorated.query, commitments: olderCommitments }).commitmentLimit).toBe(
      'block-interval',
    );
  });
});
