import { segmentActivationBytes } from './segment-activation-bytes.js';

describe('segmentActivationBytes', () => {
  const block = {
    kind: 'transformerBlock',
    batch: 1,
    tokens: 1024,
    channels: 64,
    heads: 4,
    contextTokens: 77,
    contextChannels: 64,
  } as const;

  it('keeps only the output of a checkpointed block, and recomputes more than a plain block keeps', () => {
    const plain = segmentActivationBytes(block, 'plain');
    const checkpointed = segmentActivationBytes(block, 'checkpointed');
    expect(checkpointed.kept).toBe(4 * 1024 * 64);
    expect(plain.kept).toBeGreaterThan(10 * checkpointed.kept);
    // The recomputation holds the plain block's saved activations and its gradients at once.
    expect(checkpointed.peak).toBeGreaterThanOrEqual(plain.kept + plain.left - 4 * 1024);
  });

  it('uses the plain coefficients for parts that are never checkpointed', () => {
    const concat = { kind: 'concat', batch: 2, pixels: 256, channels: 96 } as const;
    expect(segmentActivationBytes(concat, 'fused')).toEqual(segmentActivationBytes(concat, 'plain'));
    expect(segmentActivationBytes(concat, 'plain').kept).toBe(4 * 2 * 256 * 96);
  });
});
