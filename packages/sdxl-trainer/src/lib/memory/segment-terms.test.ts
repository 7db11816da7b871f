import { segmentTerms } from './segment-terms.js';

describe('segmentTerms', () => {
  it('gives a transformer block its feature-map, score, context and per-token terms', () => {
    const terms = segmentTerms({
      kind: 'transformerBlock',
      batch: 2,
      tokens: 4096,
      channels: 640,
      heads: 10,
      contextTokens: 77,
      contextChannels: 2048,
    });
    expect(terms).toEqual([
      2 * 4096 * 640,
      2 * 10 * 4096 * 4096,
      2 * 10 * 4096 * 77,
      2 * 77 * 640,
      2 * 77 * 2048,
      2 * 4096,
    ]);
  });

  it("counts a resnet's shortcut convolution only when its widths differ", () => {
    const resnet = { kind: 'resnet', batch: 1, pixels: 64, timeEmbedDim: 1280 } as const;
    expect(segmentTerms({ ...resnet, inChannels: 320, outChannels: 320 })[2]).toBe(0);
    expect(segmentTerms({ ...resnet, inChannels: 960, outChannels: 320 })).toEqual([
      64 * 960,
      64 * 320,
      64 * 320,
      1280,
    ]);
  });
});
