import type { ActivationCoefficients } from './types.js';

/**
 * Activation memory of each kind of part of a UNet training step, in float32 values per unit of each of
 * its size terms (`segmentTerms`), measured on this code by `src/bench/memory-coefficients.ts` (cpu
 * backend, tfjs-core 4.22, 2026-12-06): every kind ran forward and backward through the gradient tape on
 * its own at 3 to 10 sizes, each buffer counted once (`trackBufferBytes`), and each quantity was fitted
 * by least squares to its terms. The fits are exact to 0.3% (2.5% for the embeddings' few kilobytes),
 * most coefficients whole numbers: the feature maps a part saves or leaves. Rerun the bench after changing
 * a block's forward pass or a kernel's gradient; it prints these constants and whether they still match.
 *
 * Read as: a plain BasicTransformerBlock keeps 35 maps of its width per token (63 before GEGLU became one
 * kernel), one self-attention and one cross-attention score matrix per head and 4 context-sized projections
 * (plus LayerNorm statistics), and its backward pass leaves 38 maps more (82 before; tfjs frees intermediate
 * gradients only when the whole backward pass ends); checkpointed, it keeps only its output and its
 * recomputation peaks at the sum of both, then leaves the gradients of its input and of the prompt
 * embeddings.
 */
export const ACTIVATION_COEFFICIENTS: ActivationCoefficients = {
  resnet: {
    plain: {
      kept: [2.0063, 5.9981, 1.004, 1.4053],
      left: [4.0063, 2.9981, 0.004, 2.4053],
      peak: [5.0063, 1.9981, 1.004, 2.4053],
    },
    checkpointed: {
      kept: [0, 1, 0, 0],
      left: [1, 0, 0, 1],
      peak: [7.0125, 7.9962, 2.0081, 3.8106],
    },
    fused: {
      kept: [0, 1, 0, 0],
      left: [1, 0, 0, 1],
      peak: [7.0125, 7.9962, 2.0081, 3.8106],
    },
  },
  transformerBlock: {
    plain: {
      kept: [34.9998, 1, 1, 4.003, 0.0021, 6.0112],
      left: [38, 2, 2, 4, 2, 6],
      peak: [38, 2, 2, 4, 2, 6],
    },
    checkpointed: {
      kept: [1, 0, 0, 0, 0, 0],
      left: [1, 0, 0, 0, 1, 0],
      peak: [72.9998, 3, 3, 8.003, 3.0021, 12.0112],
    },
    fused: {
      kept: [1, 0, 0, 0, 0, 0],
      left: [1, 0, 0, 0, 1, 0],
      peak: [72.9998, 3, 3, 8.003, 3.0021, 12.0112],
    },
  },
  transformer: {
    plain: {
      kept: [4.0022],
      left: [4.0022],
      peak: [4.0022],
    },
  },
  downsample: {
    plain: {
      kept: [0.25],
      left: [1],
      peak: [1],
    },
  },
  upsample: {
    plain: {
      kept: [8],
      left: [5],
      peak: [5],
    },
  },
  concat: {
    plain: {
      kept: [1],
      left: [1],
      peak: [1],
    },
  },
  input: {
    plain: {
      kept: [3.0011, 1.0001],
      left: [1, 0],
      peak: [1, 0],
    },
  },
  output: {
    plain: {
      kept: [2.0013, 3.0105],
      left: [3.0013, 3.0105],
      peak: [3.0013, 3.0105],
    },
  },
  embeddings: {
    plain: {
      kept: [8.2903, 1.8668],
      left: [4.25, 1],
      peak: [4.25, 1],
    },
  },
};
