import { RandomGenerator } from '../random/random-generator.js';
import { chooseCaption } from './choose-caption.js';

describe('chooseCaption', () => {
  it('replaces the given proportion of captions by the empty prompt', () => {
    const random = RandomGenerator.fromSeed(1);
    const picks = Array.from({ length: 4000 }, () => chooseCaption('a cat', 0.25, random));
    expect(picks.filter((c) => c === '').length / picks.length).toBeCloseTo(0.25, 1);
    expect(picks.every((c) => c === '' || c === 'a cat')).toBe(true);
    expect(
      Array.from({ length: 50 }, () => chooseCaption('a cat', 0, random)).every((c) => c === 'a cat'),
    ).toBe(true);
    expect(Array.from({ length: 50 }, () => chooseCaption('a cat', 1, random)).every((c) => c === '')).toBe(
      true,
    );
  });

  it('picks one of several captions uniformly, reproducibly from the seed', () => {
    const captions = ['a', 'b', 'c'];
    const draw = () => {
      const random = RandomGenerator.fromSeed(9);
      return Array.from({ length: 300 }, () => chooseCaption(captions, 0, random));
    };
    const picks = draw();
    expect(new Set(picks)).toEqual(new Set(captions));
    expect(draw()).toEqual(picks);
  });
});
