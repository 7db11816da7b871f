import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';

import { SHARED } from '@pixel-tools/test-support';
import { loadFixture, maxAbsDiff } from '../../test-support/fixture-tensors.js';
import { computeTimeIds } from './compute-time-ids.js';
import { SdxlPromptEncoder } from './sdxl-prompt-encoder.js';
import { PARITY_TIMEOUT_MS } from '../../test-support/parity-timeout.js';

const expectedJson = JSON.parse(readFileSync(path.join(SHARED.tinyPipeline, 'expected.json'), 'utf8')) as {
  prompts: { text: string }[];
  time_id_cases: {
    original_size: [number, number];
    crops_coords_top_left: [number, number];
    target_size: [number, number];
  }[];
};

describe('SDXL prompt encoding against diffusers encode_prompt (tiny-sdxl-pipe)', () => {
  it(
    'prompt_embeds and pooled_prompt_embeds of all seven prompts, loaded from the pipeline folder',
    async () => {
      const encoder = await SdxlPromptEncoder.fromPretrained(SHARED.tinyPipeline);
      const expected = await loadFixture(path.join(SHARED.tinyPipeline, 'expected.safetensors'), [
        'prompt_embeds',
        'pooled_prompt_embeds',
      ]);
      const before = tf.memory().numTensors;
      const { promptEmbeds, pooledPromptEmbeds } = encoder.encode(
        expectedJson.prompts.map((prompt) => prompt.text),
      );
      expect(maxAbsDiff(promptEmbeds, expected.get('prompt_embeds'))).toBeLessThan(1e-5);
      expect(maxAbsDiff(pooledPromptEmbeds, expected.get('pooled_prompt_embeds'))).toBeLessThan(1e-5);
      tf.dispose([promptEmbeds, pooledPromptEmbeds]);
      expect(tf.memory().numTensors).toBe(before);
      encoder.dispose();
    },
    PARITY_TIMEOUT_MS,
  );

  it(
    'time ids of every TIME_ID_CASES row',
    async () => {
      const expected = await loadFixture(path.join(SHARED.tinyPipeline, 'expected.safetensors'), [
        'time_ids',
      ]);
      const rows = expectedJson.time_id_cases.map((row) =>
        computeTimeIds(row.original_size, row.crops_coords_top_left, row.target_size),
      );
      expect(rows.flat()).toEqual(Array.from(expected.get('time_ids')!.data as Float32Array));
    },
    PARITY_TIMEOUT_MS,
  );

  describe('broken pipeline folders', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'sdxl-pipe-'));
      for (const part of ['model_index.json', 'tokenizer', 'tokenizer_2', 'text_encoder']) {
        await cp(path.join(SHARED.tinyPipeline, part), path.join(dir, part), { recursive: true });
      }
    }, PARITY_TIMEOUT_MS);
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it(
      'names a component folder that is missing',
      async () => {
        await expect(SdxlPromptEncoder.fromPretrained(dir)).rejects.toThrow(
          /text_encoder_2.*config\.json does not exist/,
        );
      },
      PARITY_TIMEOUT_MS,
    );
    it(
      'names a component model_index.json does not list or lists with the wrong class',
      async () => {
        const index = JSON.parse(
          readFileSync(path.join(SHARED.tinyPipeline, 'model_index.json'), 'utf8'),
        ) as Record<string, unknown>;
        await writeFile(
          path.join(dir, 'model_index.json'),
          JSON.stringify({ ...index, text_encoder_2: undefined }),
        );
        await expect(SdxlPromptEncoder.fromPretrained(dir)).rejects.toThrow(
          /has no "text_encoder_2" component/,
        );
        await writeFile(
          path.join(dir, 'model_index.json'),
          JSON.stringify({ ...index, text_encoder: ['transformers', 'T5EncoderModel'] }),
        );
        await expect(SdxlPromptEncoder.fromPretrained(dir)).rejects.toThrow(
          /"text_encoder" is a T5EncoderModel .*expected CLIPTextModel/,
        );
      },
      PARITY_TIMEOUT_MS,
    );
  });
});
