import { cleanPrompt } from '../index.js';
import { referenceVectors } from '@pixel-tools/test-support';

describe('cleanPrompt', () => {
  it.each(referenceVectors().prompts.map((v) => [v.raw, v.cleaned]))(
    'cleans %j like the reference',
    (raw, cleaned) => {
      expect(cleanPrompt(raw)).toBe(cleaned);
    },
  );

  it('keeps the reference quirk: a flag without a value swallows the next flag as its value', () => {
    expect(cleanPrompt('a dog --ar 3:2 --tile --s 250')).toBe('a dog 250');
  });
});
