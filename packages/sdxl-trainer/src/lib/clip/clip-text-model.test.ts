import '@tensorflow/tfjs-backend-cpu';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';

import { SHARED, useTemporaryDirectory } from '@pixel-tools/test-support';
import { fixtureValues, loadFixture, maxAbsDiff } from '../../test-support/fixture-tensors.js';
import type { LoadedTensor } from '../../types/safetensors.js';
import { CLIPTextModel } from './clip-text-model.js';
import { CLIPTextModelWithProjection } from './clip-text-model-with-projection.js';
import { PARITY_TIMEOUT_MS } from '../../test-support/parity-timeout.js';
import { writeSafetensorsCheckpoint } from '../safetensors/write-safetensors-checkpoint.js';

const ATOL = 1e-5;

describe('CLIP text encoders against transformers 4.38 (tiny-sdxl-pipe)', () => {
  let expected: Map<string, LoadedTensor>;
  beforeAll(async () => {
    expected = await loadFixture(path.join(SHARED.tinyPipeline, 'expected.safetensors'));
  }, PARITY_TIMEOUT_MS);

  function ids(name: string): tf.Tensor2D {
    return tf.tensor2d(fixtureValues(expected, name), [7, 77], 'int32');
  }

  it(
    'CLIPTextModel (quick_gelu): every hidden state, last hidden state and pooled output',
    async () => {
      const encoder = await CLIPTextModel.fromPretrained(SHARED.tinyPipeline, { subfolder: 'text_encoder' });
      expect(encoder.parameterCount()).toBe(1_597_162);
      const before = tf.memory().numTensors;
      const output = encoder.forward(ids('tokenizer.input_ids'));
      expect(output.hiddenStates).toHaveLength(3);
      output.hiddenStates.forEach((state, k) => {
        expect(maxAbsDiff(state, expected.get(`text_encoder.hidden_states.${k}`))).toBeLessThan(ATOL);
      });
      expect(maxAbsDiff(output.lastHiddenState, expected.get('text_encoder.last_hidden_state'))).toBeLessThan(
        ATOL,
      );
      expect(maxAbsDiff(output.pooledOutput, expected.get('text_encoder.pooler_output'))).toBeLessThan(ATOL);
      tf.dispose({ ...output });
      expect(tf.memory().numTensors).toBe(before + 1); // only the input ids tensor of this test
      encoder.dispose();
    },
    PARITY_TIMEOUT_MS,
  );

  it(
    'CLIPTextModelWithProjection (gelu): hidden states, pooled output and text_embeds',
    async () => {
      const encoder = await CLIPTextModelWithProjection.fromPretrained(SHARED.tinyPipeline, {
        subfolder: 'text_encoder_2',
      });
      expect(encoder.parameterCount()).toBe(3_221_970);
      const output = encoder.forward(ids('tokenizer_2.input_ids'));
      output.hiddenStates.forEach((state, k) => {
        expect(maxAbsDiff(state, expected.get(`text_encoder_2.hidden_states.${k}`))).toBeLessThan(ATOL);
      });
      expect(
        maxAbsDiff(output.lastHiddenState, expected.get('text_encoder_2.last_hidden_state')),
      ).toBeLessThan(ATOL);
      expect(maxAbsDiff(output.pooledOutput, expected.get('text_encoder_2.pooler_output'))).toBeLessThan(
        ATOL,
      );
      expect(maxAbsDiff(output.textEmbeds, expected.get('text_encoder_2.text_embeds'))).toBeLessThan(ATOL);
      tf.dispose({ ...output });
      encoder.dispose();
    },
    PARITY_TIMEOUT_MS,
  );

  describe('sharded and variant checkpoints', () => {
    const temporaryDir = useTemporaryDirectory('clip-shards');

    it(
      'loads fp32 shards exactly and an fp16 variant within half precision',
      async () => {
        const dir = temporaryDir();
        const source = path.join(SHARED.tinyPipeline, 'text_encoder');
        await copyFile(path.join(source, 'config.json'), path.join(dir, 'config.json'));
        const weights = await loadFixture(path.join(source, 'model.safetensors'));
        const entries = (dtype: 'F32' | 'F16') =>
          [...weights.values()].map(({ name, shape, data }) => ({ name, shape, dtype, data }));
        const shards = await writeSafetensorsCheckpoint(dir, entries('F32'), {
          weightsName: 'model',
          maxShardBytes: 2e6,
        });
        expect(shards.length).toBeGreaterThan(2);
        await writeSafetensorsCheckpoint(dir, entries('F16'), { weightsName: 'model', variant: 'fp16' });

        const input = ids('tokenizer.input_ids');
        for (const [variant, tolerance] of [
          [undefined, ATOL],
          ['fp16', 5e-2],
        ] as const) {
          const encoder = await CLIPTextModel.fromPretrained(dir, { variant });
          const output = encoder.forward(input);
          expect(maxAbsDiff(output.pooledOutput, expected.get('text_encoder.pooler_output'))).toBeLessThan(
            tolerance,
          );
          tf.dispose({ ...output });
          encoder.dispose();
        }
      },
      PARITY_TIMEOUT_MS,
    );
  });

  it(
    'pools at the first eos_token_id when the config is not a legacy eos 2 one',
    () => {
      const config = {
        vocab_size: 10,
        hidden_size: 4,
        intermediate_size: 8,
        num_hidden_layers: 1,
        num_attention_heads: 2,
        max_position_embeddings: 5,
      };
      const legacy = CLIPTextModel.fromConfig({ ...config, eos_token_id: 2 });
      const modern = CLIPTextModel.fromConfig({ ...config, eos_token_id: 7 });
      const input = tf.tensor2d([[1, 7, 9, 7, 0]], [1, 5], 'int32');
      const pooledAt = (model: CLIPTextModel) => {
        const output = model.forward(input);
        const rows = output.lastHiddenState.arraySync()[0]!;
        const pooled = output.pooledOutput.arraySync()[0]!;
        return rows.findIndex((row) => row.every((value, i) => value === pooled[i]));
      };
      expect(pooledAt(legacy)).toBe(2);
      expect(pooledAt(modern)).toBe(1);
    },
    PARITY_TIMEOUT_MS,
  );

  it(
    'names unsupported config values and missing weights',
    async () => {
      expect(() => new CLIPTextModel({ hidden_act: 'relu' as never })).toThrow(
        '"hidden_act" is "relu"; this port supports "quick_gelu" or "gelu".',
      );
      expect(() => new CLIPTextModel({ hidden_size: 30, num_attention_heads: 4 })).toThrow(
        '"num_attention_heads" is 4, which does not divide hidden_size 30',
      );
      await expect(
        CLIPTextModel.fromPretrained(SHARED.tinyPipeline, { subfolder: 'text_encoder', variant: 'fp16' }),
      ).rejects.toThrow(
        /text_encoder.*no model\.fp16\.safetensors .*\(found: config\.json, model\.safetensors\); check the variant/,
      );
      // text_encoder_2's file has text_projection.weight, which CLIPTextModel does not have.
      await expect(
        CLIPTextModel.fromPretrained(SHARED.tinyPipeline, { subfolder: 'text_encoder_2' }),
      ).rejects.toThrow(/text_projection\.weight/);
    },
    PARITY_TIMEOUT_MS,
  );
});
