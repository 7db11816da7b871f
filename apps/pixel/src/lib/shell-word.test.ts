import { shellWord } from './shell-word.js';

describe('shellWord', () => {
  it('leaves words a POSIX shell reads as they are unquoted, so printed commands stay readable', () => {
    for (const word of ['./preprocessed_images', 'miner/unet@main', '--netuid=17', 'a+b,c%d:e']) {
      expect(shellWord(word)).toBe(word);
    }
  });

  it("single-quotes anything else, writing a single quote as '\\''", () => {
    expect(shellWord("it's here")).toBe(`'it'\\''s here'`);
    expect(shellWord('$HOME/*.png')).toBe(`'$HOME/*.png'`);
    expect(shellWord('a;b|c&d')).toBe(`'a;b|c&d'`);
  });

  it('writes the empty word as two quotes, so it stays an argument', () => {
    expect(shellWord('')).toBe("''");
  });
});
