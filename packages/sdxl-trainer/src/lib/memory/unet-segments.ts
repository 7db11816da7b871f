import type { UNet2DConditionConfig } from '../../types/unet.js';
import { resolveUNetConfig } from '../unet/resolve-unet-config.js';
import { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import type { SegmentSizes, UNetSegment } from './types.js';

export interface UNetSegmentsInput {
  batch: number;
  latentHeight: number;
  latentWidth: number;
  /** Prompt tokens per sample (77 for SDXL). */
  contextTokens: number;
}

/**
 * The parts of one training step of the UNet `config` describes, in the order its forward pass runs them
 * (UNet2DConditionModel.forward, then the loss), with their sizes and parameter bytes. Built from the
 * config alone: no weight is allocated.
 */
export function unetSegments(config: UNet2DConditionConfig, input: UNetSegmentsInput): UNetSegment[] {
  const resolved = resolveUNetConfig(config);
  const { batch, contextTokens } = input;
  const channels = resolved.blockOutChannels;
  const last = channels.length - 1;
  const timeEmbedDim = channels[0]! * 4;
  const contextChannels = resolved.crossAttentionDim;
  const parameters = parameterShapesByPart(config);
  const pixelsAt = (level: number) => (input.latentHeight / 2 ** level) * (input.latentWidth / 2 ** level);
  const segments: UNetSegment[] = [];
  const add = (name: string, sizes: SegmentSizes) => {
    const shapes = parameters.get(name) ?? [];
    const parameterBytes = shapes.reduce((sum, shape) => sum + 4 * elementCount(shape), 0);
    segments.push({ ...sizes, name, parameterBytes, parameterShapes: shapes });
  };
  const resnet = (name: string, level: number, inChannels: number, outChannels: number) =>
    add(name, { kind: 'resnet', batch, pixels: pixelsAt(level), inChannels, outChannels, timeEmbedDim });
  const transformer = (name: string, level: number, width: number, block: number) => {
    for (let layer = 0; layer < resolved.transformerLayersPerBlock[block]!; layer++) {
      add(`${name}.transformer_blocks.${layer}`, {
        kind: 'transformerBlock',
        batch,
        tokens: pixelsAt(level),
        channels: width,
        heads: resolved.attentionHeads[block]!,
        contextTokens,
        contextChannels,
      });
    }
    add(name, { kind: 'transformer', batch, pixels: pixelsAt(level), channels: width });
  };

  add('time_embedding+add_embedding', {
    kind: 'embeddings',
    batch,
    timeEmbedDim,
    projectionInputDim: resolved.projectionClassEmbeddingsInputDim,
  });
  add('conv_in', {
    kind: 'input',
    batch,
    pixels: pixelsAt(0),
    latentChannels: resolved.inChannels,
    channels: channels[0]!,
  });
  resolved.downBlockTypes.forEach((type, block) => {
    for (let layer = 0; layer < resolved.layersPerBlock[block]!; layer++) {
      const inChannels = layer > 0 ? channels[block]! : channels[Math.max(block - 1, 0)]!;
      resnet(`down_blocks.${block}.resnets.${layer}`, block, inChannels, channels[block]!);
      if (type === 'CrossAttnDownBlock2D')
        transformer(`down_blocks.${block}.attentions.${layer}`, block, channels[block]!, block);
    }
    if (block !== last) {
      const name = `down_blocks.${block}.downsamplers.0`;
      add(name, { kind: 'downsample', batch, pixels: pixelsAt(block), channels: channels[block]! });
    }
  });
  resnet('mid_block.resnets.0', last, channels[last]!, channels[last]!);
  transformer('mid_block.attentions.0', last, channels[last]!, last);
  resnet('mid_block.resnets.1', last, channels[last]!, channels[last]!);
  const reversed = [...channels].reverse();
  resolved.upBlockTypes.forEach((type, block) => {
    const level = last - block;
    const layers = resolved.layersPerBlock[level]! + 1;
    for (let layer = 0; layer < layers; layer++) {
      const skipChannels = layer === layers - 1 ? reversed[Math.min(block + 1, last)]! : reversed[block]!;
      const runningChannels = layer === 0 ? reversed[Math.max(block - 1, 0)]! : reversed[block]!;
      const name = `up_blocks.${block}.resnets.${layer}`;
      const inChannels = runningChannels + skipChannels;
      add(`${name} (skip concatenation)`, {
        kind: 'concat',
        batch,
        pixels: pixelsAt(level),
        channels: inChannels,
      });
      resnet(name, level, inChannels, reversed[block]!);
      if (type === 'CrossAttnUpBlock2D')
        transformer(`up_blocks.${block}.attentions.${layer}`, level, reversed[block]!, level);
    }
    if (block !== last) {
      const name = `up_blocks.${block}.upsamplers.0`;
      add(name, { kind: 'upsample', batch, pixels: pixelsAt(level), channels: reversed[block]! });
    }
  });
  add('conv_norm_out+conv_out', {
    kind: 'output',
    batch,
    pixels: pixelsAt(0),
    channels: channels[0]!,
    outChannels: resolved.outChannels,
  });
  return segments;
}

/** The parameter shapes of each part, by the part names unetSegments uses. */
function parameterShapesByPart(config: UNet2DConditionConfig): Map<string, number[][]> {
  const parts = new Map<string, number[][]>();
  for (const { key, shape } of UNet2DConditionModel.parameterSpec(config)) {
    const part = partOf(key);
    const shapes = parts.get(part) ?? [];
    shapes.push(shape);
    parts.set(part, shapes);
  }
  return parts;
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

/** The part a state_dict key belongs to (the innermost checkpointed block, or the module around it). */
function partOf(key: string): string {
  if (/^(time_embedding|add_embedding)\./.test(key)) return 'time_embedding+add_embedding';
  if (/^(conv_norm_out|conv_out)\./.test(key)) return 'conv_norm_out+conv_out';
  const match =
    /^(.*\.transformer_blocks\.\d+)\./.exec(key) ??
    /^(.*\.resnets\.\d+)\./.exec(key) ??
    /^(.*\.attentions\.\d+)\./.exec(key) ??
    /^(.*\.(?:down|up)samplers\.0)\./.exec(key) ??
    /^([^.]+)\./.exec(key);
  return match ? match[1]! : key;
}
