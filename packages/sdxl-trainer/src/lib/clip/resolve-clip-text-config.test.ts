import { modelConfigRefusal } from '../../test-support/model-config-refusal.js';
import { sdxlBaseComponent } from '../../test-support/sdxl-base-keys.js';
import { resolveClipTextConfig } from './resolve-clip-text-config.js';

const sdxl = sdxlBaseComponent('text_encoder_2').config;

describe('resolveClipTextConfig', () => {
  it("accepts SDXL's second text encoder and fills in transformers' defaults", () => {
    expect(resolveClipTextConfig(sdxl)).toMatchObject({
      hidden_size: 1280,
      num_hidden_layers: 32,
      hidden_act: 'gelu',
    });
    expect(resolveClipTextConfig({})).toMatchObject({
      hidden_size: 512,
      hidden_act: 'quick_gelu',
      eos_token_id: 2,
    });
  });

  it.each([
    ['num_hidden_layers', 1e9, 'is 1000000000; allowed: an integer from 1 to 128.'],
    ['num_hidden_layers', -1, 'is -1; allowed: an integer from 1 to 128.'],
    ['num_attention_heads', 0, 'is 0; allowed: an integer from 1 to 16384.'],
    ['num_attention_heads', 7, 'is 7, which does not divide hidden_size 1280'],
    ['vocab_size', 2 ** 40, 'is 1099511627776; allowed: an integer from 1 to 1048576.'],
    ['max_position_embeddings', 0.5, 'is 0.5; allowed: an integer from 1 to 8192.'],
    ['layer_norm_eps', -1e-5, 'is -0.00001; allowed: a number above 0 and at most 1.'],
    ['hidden_act', 'relu', 'is "relu"; this port supports "quick_gelu" or "gelu".'],
    ['eos_token_id', 49408, 'is 49408; allowed: an integer from 0 to 49407.'],
    ['projection_dim', '1280', 'is "1280"; allowed: an integer from 1 to 16384.'],
  ])('refuses %s = %j by name, saying what is allowed', (field, value, problem) => {
    const error = modelConfigRefusal(() => resolveClipTextConfig({ ...sdxl, [field]: value }));
    expect(error.field).toBe(field);
    expect(error.message).toBe(`Invalid CLIP text config: "${field}" ${error.problem}`);
    expect(error.problem).toContain(problem);
  });
});
