import { promptMatchesVersion } from '../index.js';
import { referenceVectors } from '@pixel-tools/test-support';

describe('promptMatchesVersion', () => {
  it.each(referenceVectors().prompts.map((v) => [v.raw, v.matches_v6]))(
    '%j matches version 6: %s',
    (raw, matches) => {
      expect(promptMatchesVersion(raw, 6)).toBe(matches);
    },
  );

  it('compares the version number, not a substring', () => {
    expect(promptMatchesVersion('x --v 60', 6)).toBe(false);
    expect(promptMatchesVersion('x --v 6.1', 6)).toBe(false);
    expect(promptMatchesVersion('x --v 6.1', '6.1')).toBe(true);
    expect(promptMatchesVersion('x --version 6', '6')).toBe(true);
    expect(promptMatchesVersion('x --v 5.2 --v 6', 5.2)).toBe(true);
    expect(promptMatchesVersion('x--v 6', 6)).toBe(false);
  });

  it('keeps a prompt without any version flag when asked (dataset captions), never one with another version', () => {
    const whenPresent = { keepUnversioned: true };
    expect(promptMatchesVersion('a quiet harbour', 6, whenPresent)).toBe(true);
    expect(promptMatchesVersion('a quiet harbour --ar 16:9', 6, whenPresent)).toBe(true);
    expect(promptMatchesVersion('a quiet harbour --v 5.2', 6, whenPresent)).toBe(false);
    expect(promptMatchesVersion('a quiet harbour --v 6.0', 6, whenPresent)).toBe(true);
    expect(promptMatchesVersion('a quiet harbour', 6)).toBe(false);
  });

  it('rejects a version that is not a number, naming it', () => {
    expect(() => promptMatchesVersion('x --v 6', 'six')).toThrow(/"six" is not a number/);
  });
});
