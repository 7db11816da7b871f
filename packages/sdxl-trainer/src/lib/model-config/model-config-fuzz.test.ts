import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { sdxlBaseComponent } from '../../test-support/sdxl-base-keys.js';
import type { UNet2DConditionConfig } from '../../types/unet.js';
import { CLIPTextModelWithProjection } from '../clip/clip-text-model-with-projection.js';
import type { ParameterSpecEntry } from '../nn/module.js';
import { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import { AutoencoderKL } from '../vae/autoencoder-kl.js';
import { ModelConfigError } from './model-config-error.js';

/**
 * Model configs come from strangers. Whatever a config.json holds, describing the model from it (what every
 * loader does first) either succeeds with a bounded module tree or throws a ModelConfigError naming a field
 * the loader reads: never a TypeError, a RangeError or a heap out of memory.
 */

interface Component {
  name: string;
  base: Record<string, unknown>;
  /** Every field the loader reads. */
  fields: readonly string[];
  /**
   * Fields whose rule involves another field's value (list lengths, divisibility): changing the key may
   * make the config fail under one of these names instead of its own.
   */
  related: Readonly<Record<string, readonly string[]>>;
  describe: (config: Record<string, unknown>) => ParameterSpecEntry[];
}

const COMPONENTS: readonly Component[] = [
  {
    name: 'UNet',
    base: sdxlBaseComponent('unet').config,
    fields: [
      '_class_name',
      'act_fn',
      'addition_embed_type',
      'addition_time_embed_dim',
      'attention_head_dim',
      'attention_type',
      'block_out_channels',
      'center_input_sample',
      'class_embed_type',
      'class_embeddings_concat',
      'conv_in_kernel',
      'conv_out_kernel',
      'cross_attention_dim',
      'cross_attention_norm',
      'down_block_types',
      'downsample_padding',
      'dropout',
      'dual_cross_attention',
      'encoder_hid_dim',
      'encoder_hid_dim_type',
      'flip_sin_to_cos',
      'freq_shift',
      'in_channels',
      'layers_per_block',
      'mid_block_only_cross_attention',
      'mid_block_scale_factor',
      'mid_block_type',
      'norm_eps',
      'norm_num_groups',
      'num_attention_heads',
      'num_class_embeds',
      'only_cross_attention',
      'out_channels',
      'projection_class_embeddings_input_dim',
      'resnet_out_scale_factor',
      'resnet_skip_time_act',
      'resnet_time_scale_shift',
      'reverse_transformer_layers_per_block',
      'time_cond_proj_dim',
      'time_embedding_act_fn',
      'time_embedding_dim',
      'time_embedding_type',
      'timestep_post_act',
      'transformer_layers_per_block',
      'up_block_types',
      'use_linear_projection',
    ],
    related: {
      block_out_channels: [
        'down_block_types',
        'up_block_types',
        'norm_num_groups',
        'attention_head_dim',
        'layers_per_block',
        'transformer_layers_per_block',
        'freq_shift',
      ],
      addition_time_embed_dim: ['freq_shift'],
    },
    describe: (config) => UNet2DConditionModel.parameterSpec(config as UNet2DConditionConfig),
  },
  {
    name: 'VAE',
    base: sdxlBaseComponent('vae').config,
    fields: [
      'act_fn',
      'block_out_channels',
      'down_block_types',
      'in_channels',
      'latent_channels',
      'layers_per_block',
      'mid_block_add_attention',
      'norm_num_groups',
      'out_channels',
      'scaling_factor',
      'up_block_types',
    ],
    related: { block_out_channels: ['down_block_types', 'up_block_types', 'norm_num_groups'] },
    describe: (config) => AutoencoderKL.parameterSpec(config),
  },
  {
    name: 'CLIP text',
    base: sdxlBaseComponent('text_encoder_2').config,
    fields: [
      'eos_token_id',
      'hidden_act',
      'hidden_size',
      'intermediate_size',
      'layer_norm_eps',
      'max_position_embeddings',
      'num_attention_heads',
      'num_hidden_layers',
      'projection_dim',
      'vocab_size',
    ],
    related: { vocab_size: ['eos_token_id'], hidden_size: ['num_attention_heads'] },
    describe: (config) => CLIPTextModelWithProjection.parameterSpec(config),
  },
];

/** The largest module tree any accepted config may describe (the UNet's limits allow about 51,000 entries). */
const MAX_SPEC_ENTRIES = 60_000;

const BLOCK_TYPES = [
  'DownBlock2D',
  'CrossAttnDownBlock2D',
  'UpBlock2D',
  'CrossAttnUpBlock2D',
  'DownEncoderBlock2D',
  'UpDecoderBlock2D',
  'AttnDownBlock2D',
];

/** Values crafted configs use: huge, negative, zero, fractional, non-finite, wrong types, long lists. */
const adversarialValue = fc.constantFrom<unknown>(
  1e9,
  -1,
  0,
  -0,
  0.5,
  1,
  2,
  3,
  7,
  2 ** 31,
  2 ** 53,
  1e308,
  -1e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  null,
  true,
  false,
  '',
  '2',
  'silu',
  'gelu',
  [],
  {},
  [1e9],
  [0],
  [-1],
  [1, 2, 10],
  [5, 10, 20],
  [320, 640, 1280],
  Array.from({ length: 100_000 }, () => 1),
  { length: 1e9 },
);

const configValue: fc.Arbitrary<unknown> = fc.oneof(
  adversarialValue,
  fc.integer({ min: -4, max: 70_000 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.integer({ min: -2, max: 3000 }), { maxLength: 10 }),
  fc.array(fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant(1e9)), { maxLength: 10 }),
  fc.array(fc.constantFrom(...BLOCK_TYPES), { maxLength: 8 }),
  fc.string(),
  fc.anything(),
);

/** Describes `config`; returns the outcome, failing the test on anything but success or a ModelConfigError. */
function describeOrRefuse(component: Component, config: unknown): ModelConfigError | ParameterSpecEntry[] {
  let spec: ParameterSpecEntry[];
  try {
    spec = component.describe(config as Record<string, unknown>);
  } catch (error) {
    if (!(error instanceof ModelConfigError)) {
      throw new Error(`${component.name}: ${String(error)} for ${JSON.stringify(config)?.slice(0, 2000)}`);
    }
    expect(error.component).toBe(component.name);
    expect([...component.fields, 'config.json']).toContain(error.field);
    expect(error.message).toContain(`"${error.field}" `);
    expect(error.message).toMatch(/allowed|supports/);
    expect(error.exitCode).toBe(2);
    return error;
  }
  expect(spec.length).toBeLessThanOrEqual(MAX_SPEC_ENTRIES);
  const parameters = spec.reduce((sum, { shape }) => sum + shape.reduce((a, b) => a * b, 1), 0);
  expect(Number.isSafeInteger(parameters)).toBe(true);
  return spec;
}

describe.each(COMPONENTS)('$name config fuzz', (component) => {
  it('accepts the SDXL base config', () => {
    expect(Array.isArray(describeOrRefuse(component, component.base))).toBe(true);
  });

  it('one field set to a random or adversarial value: described within bounds, or refused by name', () => {
    fc.assert(
      fc.property(fc.constantFrom(...component.fields), configValue, (field, value) => {
        const outcome = describeOrRefuse(component, { ...component.base, [field]: value });
        // Refused under the changed field's own name, or a field whose rule it shares.
        if (outcome instanceof ModelConfigError) {
          expect([field, ...(component.related[field] ?? [])]).toContain(outcome.field);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('several fields set at once, or left out: described within bounds, or refused by name', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...component.fields), fc.option(configValue, { nil: undefined }), {
          maxKeys: 6,
        }),
        fc.boolean(),
        (changes, fromScratch) => {
          describeOrRefuse(component, { ...(fromScratch ? {} : component.base), ...changes });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a config.json that is not an object of fields is refused as such', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom<unknown>(null, 0, '', [], true), fc.array(fc.anything()), fc.string()),
        (config) => {
          const outcome = describeOrRefuse(component, config);
          expect(outcome).toBeInstanceOf(ModelConfigError);
          expect((outcome as ModelConfigError).field).toBe('config.json');
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('small UNet configs the limits accept', () => {
  /** Mostly `valid`; now and then `invalid`, a value breaking a rule the limits must catch before building. */
  const usually = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<T>) =>
    fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: invalid });
  const threeOf = <T>(item: fc.Arbitrary<T>) => fc.array(item, { minLength: 3, maxLength: 3 });
  /** Random small architectures; widths are multiples of 4, so groups and heads of 1, 2 or 4 divide them. */
  const smallUnet = fc
    .record({
      blocks: fc.integer({ min: 1, max: 3 }),
      widths: threeOf(usually(fc.constantFrom(4, 8, 12), fc.constantFrom(3, 6))),
      groups: usually(fc.constantFrom(1, 2, 4), fc.constant(3)),
      heads: threeOf(usually(fc.constantFrom(1, 2, 4), fc.constant(3))),
      layers: threeOf(usually(fc.integer({ min: 1, max: 2 }), fc.constant(0))),
      transformerLayers: threeOf(usually(fc.integer({ min: 1, max: 2 }), fc.constant(0))),
      crossAttentionDown: threeOf(fc.boolean()),
      crossAttentionUp: threeOf(fc.boolean()),
      crossAttentionDim: fc.integer({ min: 1, max: 6 }),
      additionTimeEmbedDim: usually(fc.constantFrom(2, 4), fc.constant(3)),
      pooledWidth: fc.integer({ min: 1, max: 4 }),
      inChannels: fc.integer({ min: 1, max: 4 }),
      outChannels: fc.integer({ min: 1, max: 4 }),
      downsamplePadding: fc.constantFrom(0, 1),
      useLinearProjection: fc.boolean(),
      flipSinToCos: fc.boolean(),
      freqShift: fc.constantFrom(0, 0.5, 1),
      midBlockScaleFactor: fc.constantFrom(0.5, 1, 2),
    })
    .map((a) => ({
      architecture: a,
      config: {
        ...sdxlBaseComponent('unet').config,
        block_out_channels: a.widths.slice(0, a.blocks),
        norm_num_groups: a.groups,
        attention_head_dim: a.heads.slice(0, a.blocks),
        layers_per_block: a.layers.slice(0, a.blocks),
        transformer_layers_per_block: a.transformerLayers.slice(0, a.blocks),
        down_block_types: a.crossAttentionDown
          .slice(0, a.blocks)
          .map((cross) => (cross ? 'CrossAttnDownBlock2D' : 'DownBlock2D')),
        up_block_types: a.crossAttentionUp
          .slice(0, a.blocks)
          .map((cross) => (cross ? 'CrossAttnUpBlock2D' : 'UpBlock2D')),
        cross_attention_dim: a.crossAttentionDim,
        addition_time_embed_dim: a.additionTimeEmbedDim,
        projection_class_embeddings_input_dim: a.pooledWidth + 6 * a.additionTimeEmbedDim,
        in_channels: a.inChannels,
        out_channels: a.outChannels,
        downsample_padding: a.downsamplePadding,
        use_linear_projection: a.useLinearProjection,
        flip_sin_to_cos: a.flipSinToCos,
        freq_shift: a.freqShift,
        mid_block_scale_factor: a.midBlockScaleFactor,
      } as UNet2DConditionConfig,
    }));

  it('run a forward pass to finite values of the right shape, or are refused by name up front', () => {
    fc.assert(
      fc.property(smallUnet, ({ architecture: a, config }) => {
        const UNet = UNet2DConditionModel;
        const outcome = describeOrRefuse(COMPONENTS[0]!, config);
        if (outcome instanceof ModelConfigError) return;
        const unet = UNet.fromConfig(config, { seed: 1 });
        try {
          const size = 2 ** (a.blocks - 1);
          const values = tf.tidy(() => {
            const output = unet.forward({
              sample: tf.randomNormal([1, a.inChannels, size, size], 0, 1, 'float32', 1),
              timestep: 500,
              encoderHiddenStates: tf.randomNormal([1, 3, a.crossAttentionDim], 0, 1, 'float32', 2),
              textEmbeds: tf.randomNormal([1, a.pooledWidth], 0, 1, 'float32', 3),
              timeIds: tf.tensor2d([[64, 64, 0, 0, 64, 64]]),
            });
            expect(output.shape).toEqual([1, a.outChannels, size, size]);
            return output.dataSync();
          });
          expect(values.every(Number.isFinite)).toBe(true);
        } finally {
          unet.dispose();
        }
      }),
      { numRuns: 30 },
    );
  });
});
