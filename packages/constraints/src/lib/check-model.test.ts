import { checkModel, getCompetition } from '../index.js';

const m6 = getCompetition('m6');

describe('checkModel', () => {
  it('accepts a model exactly at both limits', () => {
    expect(checkModel({ parameterCount: 2_684_354_560, repoBytes: 6 * 1024 ** 3 }, m6)).toEqual([]);
  });

  it('accepts the SDXL UNet in bfloat16 (about 2.57 B parameters, 5.1 GB)', () => {
    expect(checkModel({ parameterCount: 2_567_463_684, repoBytes: 5_135_151_128 }, m6)).toEqual([]);
  });

  it('reports every violation, each naming the number and the limit', () => {
    // An fp32 SDXL UNet with one parameter too many.
    expect(checkModel({ parameterCount: 2_684_354_561, repoBytes: 10_270_000_000 }, m6)).toEqual([
      {
        limit: 'maxParameters',
        actual: 2_684_354_561,
        allowed: 2_684_354_560,
        message: 'The model has 2,684,354,561 parameters, over the 2,684,354,560 allowed in competition m6.',
      },
      {
        limit: 'maxRepoBytes',
        actual: 10_270_000_000,
        allowed: 6_442_450_944,
        message:
          'The repo holds 10,270,000,000 bytes, over the 6,442,450,944 bytes (6 GiB) validators download in competition m6; ' +
          'save the UNet in bfloat16 and keep only config.json and the safetensors file.',
      },
    ]);
  });

  it('reports only the limit that is broken', () => {
    expect(checkModel({ parameterCount: 1, repoBytes: 6 * 1024 ** 3 + 1 }, m6).map((v) => v.limit)).toEqual([
      'maxRepoBytes',
    ]);
  });

  it.each([
    [
      { parameterCount: -1, repoBytes: 0 },
      'checkModel: parameterCount must be a whole number of 0 or more, got -1.',
    ],
    [
      { parameterCount: 1.5, repoBytes: 0 },
      'checkModel: parameterCount must be a whole number of 0 or more, got 1.5.',
    ],
    [
      { parameterCount: 1, repoBytes: Number.NaN },
      'checkModel: repoBytes must be a whole number of 0 or more, got NaN.',
    ],
  ])('rejects nonsense input %j', (model, message) => {
    expect(() => checkModel(model, m6)).toThrow(message);
  });
});
