import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile, copyFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { SHARED } from '@pixel-tools/test-support';
import { fixtureValues, loadFixture } from '../../test-support/fixture-tensors.js';
import { CLIPTokenizer } from './clip-tokenizer.js';
import { PARITY_TIMEOUT_MS } from '../../test-support/parity-timeout.js';

interface PromptCase {
  index: number;
  text: string;
  bpe_tokens: string[];
  bpe_tokens_tokenizer_2?: string[];
  bpe_tokens_noftfy?: string[];
  tokenizer_input_ids: number[];
  tokenizer_2_input_ids: number[];
  tokenizer_input_ids_noftfy?: number[];
}

const expected = JSON.parse(readFileSync(path.join(SHARED.tinyPipeline, 'expected.json'), 'utf8')) as {
  prompts: PromptCase[];
};
const prompts = expected.prompts;
const texts = prompts.map((prompt) => prompt.text);

describe('CLIPTokenizer on the tiny-sdxl-pipe tokenizers', () => {
  let tokenizer: CLIPTokenizer;
  let tokenizer2: CLIPTokenizer;
  beforeAll(async () => {
    tokenizer = await CLIPTokenizer.fromPretrained(SHARED.tinyPipeline, { subfolder: 'tokenizer' });
    tokenizer2 = await CLIPTokenizer.fromPretrained(SHARED.tinyPipeline, { subfolder: 'tokenizer_2' });
  }, PARITY_TIMEOUT_MS);

  it(
    'reads max length and special ids from the config, each with its own pad token',
    () => {
      expect([tokenizer.maxLength, tokenizer.bosTokenId, tokenizer.eosTokenId, tokenizer.padTokenId]).toEqual(
        [77, 49406, 49407, 49407],
      );
      expect([tokenizer2.maxLength, tokenizer2.padTokenId]).toEqual([77, 0]);
    },
    PARITY_TIMEOUT_MS,
  );

  it.each(prompts.map((prompt) => [prompt.index, prompt]))(
    'prompt %i: BPE tokens as transformers with ftfy',
    (_index, prompt) => {
      expect(tokenizer.tokenize(prompt.text)).toEqual(prompt.bpe_tokens);
      expect(tokenizer2.tokenize(prompt.text)).toEqual(prompt.bpe_tokens_tokenizer_2 ?? prompt.bpe_tokens);
    },
  );

  it(
    'input ids and attention masks of all prompts equal transformers (ftfy installed)',
    () => {
      const batch = tokenizer.encode(texts);
      expect(batch.inputIds).toEqual(prompts.map((prompt) => prompt.tokenizer_input_ids));
      expect(batch.attentionMask.map((mask) => mask.reduce((a, b) => a + b, 0))).toEqual(
        prompts.map((prompt) => Math.min(77, prompt.bpe_tokens.length + 2)),
      );
      expect(tokenizer2.encode(texts).inputIds).toEqual(
        prompts.map((prompt) => prompt.tokenizer_2_input_ids),
      );
    },
    PARITY_TIMEOUT_MS,
  );

  it(
    'without ftfy, follows the BasicTokenizer fallback',
    async () => {
      const basic = await CLIPTokenizer.fromPretrained(SHARED.tinyPipeline, {
        subfolder: 'tokenizer',
        textCleanup: 'basic',
      });
      for (const prompt of prompts) {
        expect(basic.tokenize(prompt.text)).toEqual(prompt.bpe_tokens_noftfy ?? prompt.bpe_tokens);
        expect(basic.encode([prompt.text]).inputIds[0]).toEqual(
          prompt.tokenizer_input_ids_noftfy ?? prompt.tokenizer_input_ids,
        );
      }
    },
    PARITY_TIMEOUT_MS,
  );

  it.each([
    ['tokenizer', 'ftfy'],
    ['tokenizer', 'basic'],
    ['tokenizer_2', 'ftfy'],
    ['tokenizer_2', 'basic'],
  ] as const)('%s (%s clean-up): ids equal expected.safetensors exactly', async (subfolder, textCleanup) => {
    const name = `${subfolder}.input_ids${textCleanup === 'basic' ? '_noftfy' : ''}`;
    const expected = await loadFixture(path.join(SHARED.tinyPipeline, 'expected.safetensors'), [
      name,
      'tokenizer.attention_mask',
    ]);
    const loaded = await CLIPTokenizer.fromPretrained(SHARED.tinyPipeline, { subfolder, textCleanup });
    const batch = loaded.encode(texts);
    expect(batch.inputIds.flat()).toEqual(fixtureValues(expected, name));
    if (subfolder === 'tokenizer' && textCleanup === 'ftfy') {
      expect(batch.attentionMask.flat()).toEqual(fixtureValues(expected, 'tokenizer.attention_mask'));
    }
  });

  it(
    'splits special tokens written in the prompt',
    () => {
      expect(tokenizer.encode(['a<|endoftext|>b']).inputIds[0]!.slice(0, 5)).toEqual([
        49406,
        320,
        49407,
        split('b'),
        49407,
      ]);
      function split(word: string): number {
        return tokenizer.encode([word]).inputIds[0]![1]!;
      }
    },
    PARITY_TIMEOUT_MS,
  );

  describe('bad tokenizer folders', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'clip-tokenizer-'));
      for (const file of ['vocab.json', 'merges.txt', 'tokenizer_config.json']) {
        await copyFile(path.join(SHARED.tinyPipeline, 'tokenizer', file), path.join(dir, file));
      }
    }, PARITY_TIMEOUT_MS);
    afterEach(() => rm(dir, { recursive: true, force: true }));

    it(
      'names a missing vocab.json',
      async () => {
        await rm(path.join(dir, 'vocab.json'));
        await expect(CLIPTokenizer.fromPretrained(dir)).rejects.toThrow(/vocab\.json does not exist/);
      },
      PARITY_TIMEOUT_MS,
    );
    it(
      'names malformed JSON',
      async () => {
        await writeFile(path.join(dir, 'tokenizer_config.json'), '{"model_max_length": 77,');
        await expect(CLIPTokenizer.fromPretrained(dir)).rejects.toThrow(
          /tokenizer_config\.json is not valid JSON/,
        );
      },
      PARITY_TIMEOUT_MS,
    );
    it(
      'names a pad token missing from the vocabulary',
      async () => {
        await writeFile(
          path.join(dir, 'tokenizer_config.json'),
          JSON.stringify({ model_max_length: 77, pad_token: '<pad>' }),
        );
        await expect(CLIPTokenizer.fromPretrained(dir)).rejects.toThrow(
          /pad_token "<pad>" is not in vocab\.json/,
        );
      },
      PARITY_TIMEOUT_MS,
    );
  });
});
