import fc from 'fast-check';

import { SHARED } from '@pixel-tools/test-support';
import { PARITY_TIMEOUT_MS } from '../../test-support/parity-timeout.js';
import { CLIPTokenizer } from './clip-tokenizer.js';

describe('CLIPTokenizer on arbitrary text', () => {
  let tokenizers: CLIPTokenizer[];
  beforeAll(async () => {
    tokenizers = await Promise.all(
      (['tokenizer', 'tokenizer_2'] as const).flatMap((subfolder) =>
        (['ftfy', 'basic'] as const).map((textCleanup) =>
          CLIPTokenizer.fromPretrained(SHARED.tinyPipeline, { subfolder, textCleanup }),
        ),
      ),
    );
  }, PARITY_TIMEOUT_MS);

  it('always gives 77 known ids: bos, the tokens, eos, then only the pad token', () => {
    // Any Unicode text, and text built from the pieces the clean-up and the special-token split treat specially.
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 120 }),
      fc.string({
        unit: fc.constantFrom('<|endoftext|>', '&amp;', '!', ' ', '\n', 'ﬁ', 'Ａ', '“', 'a', '東'),
        maxLength: 40,
      }),
    );
    fc.assert(
      fc.property(text, (prompt) => {
        for (const tokenizer of tokenizers) {
          const { inputIds, attentionMask } = tokenizer.encode([prompt]);
          const ids = inputIds[0]!;
          const mask = attentionMask[0]!;
          const length = mask.reduce((a, b) => a + b, 0);
          expect(ids).toHaveLength(77);
          expect(ids[0]).toBe(tokenizer.bosTokenId);
          expect(ids[length - 1]).toBe(tokenizer.eosTokenId);
          expect(ids.slice(length).every((id) => id === tokenizer.padTokenId)).toBe(true);
          expect(ids.every((id) => Number.isInteger(id) && id >= 0 && id < 49408)).toBe(true);
        }
      }),
      { numRuns: 300, seed: 17 },
    );
  });
});
