import { scatterWeights } from '../index.js';

describe('scatterWeights', () => {
  it('places weights at their uids and scales them to the total', () => {
    expect(
      scatterWeights(
        new Map([
          [0, 1],
          [3, 3],
        ]),
        5,
        2,
      ),
    ).toEqual([0.5, 0, 0, 1.5, 0]);
  });

  it('keeps all zeros when nothing was evaluated, instead of NaN', () => {
    expect(scatterWeights(new Map(), 3, 1)).toEqual([0, 0, 0]);
  });

  it('names a uid outside the metagraph', () => {
    expect(() => scatterWeights(new Map([[8, 1]]), 8, 1)).toThrow(
      'scatterWeights: uid 8 is outside the metagraph of 8 uids.',
    );
  });
});
