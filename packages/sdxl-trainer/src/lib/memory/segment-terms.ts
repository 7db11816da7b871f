import type { SegmentSizes } from './types.js';

/**
 * The size terms a part's activation memory is linear in (each a count of float32 values), in the order
 * of the measured coefficients: feature maps per pixel and channel, attention scores per head and token
 * pair, per-sample vectors. Measured memory is an exact sum of such terms (each buffer is a product of
 * sizes), which `src/bench/memory-coefficients.ts` checks when it fits the coefficients.
 */
export function segmentTerms(sizes: SegmentSizes): number[] {
  switch (sizes.kind) {
    case 'embeddings':
      return [sizes.batch * sizes.timeEmbedDim, sizes.batch * sizes.projectionInputDim];
    case 'input':
      return [sizes.batch * sizes.pixels * sizes.latentChannels, sizes.batch * sizes.pixels * sizes.channels];
    case 'resnet': {
      const map = sizes.batch * sizes.pixels;
      const shortcut = sizes.inChannels === sizes.outChannels ? 0 : 1;
      return [
        map * sizes.inChannels,
        map * sizes.outChannels,
        map * sizes.outChannels * shortcut,
        sizes.batch * sizes.timeEmbedDim,
      ];
    }
    case 'transformerBlock': {
      const { batch, tokens, channels, heads, contextTokens, contextChannels } = sizes;
      return [
        batch * tokens * channels,
        batch * heads * tokens * tokens,
        batch * heads * tokens * contextTokens,
        batch * contextTokens * channels,
        batch * contextTokens * contextChannels,
        // LayerNorm's per-token statistics
        batch * tokens,
      ];
    }
    case 'transformer':
    case 'downsample':
    case 'upsample':
    case 'concat':
      return [sizes.batch * sizes.pixels * sizes.channels];
    case 'output':
      return [sizes.batch * sizes.pixels * sizes.channels, sizes.batch * sizes.pixels * sizes.outChannels];
  }
}
