import { movingAverage } from '../index.js';

describe('movingAverage', () => {
  it('cuts or zero-pads the previous weights when the metagraph changed size', () => {
    expect(movingAverage([1, 1, 1], [0, 0], 0.5)).toEqual([0.5, 0.5]);
    expect(movingAverage([1], [0, 1], 0.5)).toEqual([0.5, 0.5]);
  });

  it('turns NaN into 0 as nan_to_num does', () => {
    expect(movingAverage([Number.NaN], [1], 0.9)).toEqual([0]);
  });
});
