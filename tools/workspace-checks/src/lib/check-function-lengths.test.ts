import { checkFunctionLengths } from './check-function-lengths.js';

const LIST = 'FUNCTIONS_OVER_LIMIT in tools/workspace-checks/src/rules.ts';

describe('checkFunctionLengths', () => {
  it('accepts listed functions at or under their ceiling', () => {
    const long = new Map([["a.ts: Function 'train'", 300]]);
    expect(checkFunctionLengths(long, { "a.ts: Function 'train'": 363 }, 100)).toEqual([]);
  });

  it('fails a long function that is not listed, and a listed one that grew', () => {
    const long = new Map([
      ["a.ts: Function 'train'", 364],
      ["b.ts: Method 'step'", 101],
    ]);
    expect(checkFunctionLengths(long, { "a.ts: Function 'train'": 363 }, 100)).toEqual([
      "a.ts: Function 'train' grew to 364 lines (it had 363, over 100 already): shorten it.",
      "b.ts: Method 'step' has 101 lines, over 100: split it into functions that each do one thing.",
    ]);
  });

  it('asks to remove an entry once its function is short enough or gone, so the list only shrinks', () => {
    expect(checkFunctionLengths(new Map(), { "a.ts: Function 'train'": 363 }, 100)).toEqual([
      `a.ts: Function 'train' is now at most 100 lines (or gone): remove it from ${LIST}.`,
    ]);
  });
});
