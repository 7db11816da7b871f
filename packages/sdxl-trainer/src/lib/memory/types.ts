/**
 * The parts of a UNet training step whose activation memory the plan models, in forward order. Sizes are
 * counts (batch, pixels = height x width of the feature map, channels, tokens); bytes come from
 * `segmentTerms` and the measured coefficients in `activation-coefficients.ts`.
 */
export type UNetSegment = SegmentSizes & {
  /** The diffusers key prefix of the part (for reports): `down_blocks.1.attentions.0.transformer_blocks.1`. */
  name: string;
  /** Bytes of the part's own parameters (float32), whose gradients its backward pass produces. */
  parameterBytes: number;
  /** The PyTorch (state_dict) shape of each of its parameters. */
  parameterShapes: number[][];
};

export type SegmentSizes =
  /** The timestep and SDXL micro-conditioning embeddings (time_embedding, add_embedding). */
  | { kind: 'embeddings'; batch: number; timeEmbedDim: number; projectionInputDim: number }
  /** Noising the latents, NCHW -> NHWC and conv_in. */
  | { kind: 'input'; batch: number; pixels: number; latentChannels: number; channels: number }
  | {
      kind: 'resnet';
      batch: number;
      pixels: number;
      inChannels: number;
      outChannels: number;
      timeEmbedDim: number;
    }
  | {
      kind: 'transformerBlock';
      batch: number;
      /** Image tokens (pixels of the feature map). */
      tokens: number;
      channels: number;
      heads: number;
      contextTokens: number;
      contextChannels: number;
    }
  /** A Transformer2DModel around its blocks: GroupNorm, proj_in, proj_out, residual. */
  | { kind: 'transformer'; batch: number; pixels: number; channels: number }
  /** `pixels` are the input's (the output has a quarter). */
  | { kind: 'downsample'; batch: number; pixels: number; channels: number }
  /** `pixels` are the input's (the output has four times as many). */
  | { kind: 'upsample'; batch: number; pixels: number; channels: number }
  /** An up block's concatenation of the running state with a skip connection; `channels` is their sum. */
  | { kind: 'concat'; batch: number; pixels: number; channels: number }
  /** conv_norm_out, SiLU, conv_out, NHWC -> NCHW and the loss. */
  | { kind: 'output'; batch: number; pixels: number; channels: number; outChannels: number };

export type SegmentKind = SegmentSizes['kind'];

/**
 * How a part runs in the step: `plain` keeps every intermediate for the backward pass; `checkpointed`
 * (gradient checkpointing) keeps its inputs and recomputes the rest there; `fused` is checkpointed with a
 * gradient sink, so its parameter gradients are consumed inside its recomputation.
 */
export type SegmentMode = 'plain' | 'checkpointed' | 'fused';

/**
 * What one part costs, as float32 values per unit of each of its terms (`segmentTerms`):
 * - `kept`: allocated by its forward pass and alive until the backward pass ends (what the tape saves, and
 *   its output);
 * - `left`: allocated by its backward pass and alive until the backward pass ends (tfjs keeps every
 *   intermediate gradient until then), its parameter gradients not included;
 * - `peak`: the most its backward pass holds at once above what was alive when it began, its parameter
 *   gradients not included.
 */
export interface SegmentCoefficients {
  kept: readonly number[];
  left: readonly number[];
  peak: readonly number[];
}

/** Each kind's coefficients in each mode it runs in (only checkpointed blocks have the other two). */
export type ActivationCoefficients = Record<
  SegmentKind,
  { plain: SegmentCoefficients } & Partial<Record<SegmentMode, SegmentCoefficients>>
>;
