import { compareWalkOrder } from '../index.js';

describe('compareWalkOrder', () => {
  it("puts a directory's own files before its subdirectories, as os.walk top-down does", () => {
    const paths = ['sub/x.json', 'z.txt', 'sub/inner/y.bin', 'a/b.txt', 'sub/a.txt', 'A.txt'];
    expect([...paths].sort(compareWalkOrder)).toEqual([
      'A.txt',
      'z.txt',
      'a/b.txt',
      'sub/a.txt',
      'sub/x.json',
      'sub/inner/y.bin',
    ]);
  });

  it('orders by code point like Python, not by UTF-16 code unit like Array.prototype.sort', () => {
    const emoji = '\u{1F600}.txt'; // U+1F600, stored as the surrogates D83D DE00
    const ligature = '\uFB01.txt'; // U+FB01, one code unit above the surrogate range
    expect([emoji, ligature].sort()).toEqual([emoji, ligature]);
    expect([emoji, ligature].sort(compareWalkOrder)).toEqual([ligature, emoji]);
    expect(['\u{1F601}', '\u{1F600}', '\u{10000}'].sort(compareWalkOrder)).toEqual([
      '\u{10000}',
      '\u{1F600}',
      '\u{1F601}',
    ]);
  });

  it('orders uppercase before lowercase, digits by character not value, and a prefix first', () => {
    expect(['b', 'B', '10.bin', '9.bin', '_u', 'ab', 'a'].sort(compareWalkOrder)).toEqual([
      '10.bin',
      '9.bin',
      'B',
      '_u',
      'a',
      'ab',
      'b',
    ]);
  });
});
