import * as tf from '@tensorflow/tfjs-core';
import type {
  UNet2DConditionConfig,
  UNetConditioningEmbeddings,
  UNetForwardInput,
  UNetFromPretrainedOptions,
  UNetSavePretrainedOptions,
} from '../../types/unet.js';
import type { GradientSink } from '../nn/checkpoint.js';
import { Conv2d } from '../nn/conv2d.js';
import { GroupNorm } from '../nn/group-norm.js';
import type { ResnetBlock2D } from '../nn/resnet-block-2d.js';
import { Module, type ParameterSpecEntry } from '../nn/module.js';
import { silu } from '../ops/silu.js';
import { TimestepEmbedding } from '../nn/timestep-embedding.js';
import { timestepProjection } from '../nn/timestep-projection.js';
import { loadPretrained } from '../nn/load-pretrained.js';
import { moduleWeightEntries } from '../nn/module-weight-entries.js';
import { componentDir } from '../folders/component-dir.js';
import type { BasicTransformerBlock } from './basic-transformer-block.js';
import { readUnetConfig } from './read-unet-config.js';
import { resolveUNetConfig, type ResolvedUNetConfig } from './resolve-unet-config.js';
import { UNetDownBlock } from './unet-down-block.js';
import { UNetMidBlock } from './unet-mid-block.js';
import { UNetUpBlock } from './unet-up-block.js';
import { unetSafetensorsDtype } from './unet-safetensors-dtype.js';
import { writeUnetFolder } from './write-unet-folder.js';

/**
 * diffusers `UNet2DConditionModel` for the SDXL family, in TensorFlow.js. Parameter keys are diffusers'
 * state_dict keys; inputs and outputs are NCHW as in diffusers, internals NHWC.
 *
 * @example
 * const unet = await UNet2DConditionModel.fromPretrained('sdxl', { subfolder: 'unet' });
 * const noisePred = unet.forward({ sample, timestep: 999, encoderHiddenStates, textEmbeds, timeIds });
 */
export class UNet2DConditionModel extends Module {
  /** The config as given (unknown fields kept), written back by `savePretrained`. */
  readonly config: UNet2DConditionConfig;
  private readonly resolved: ResolvedUNetConfig;
  private readonly convIn: Conv2d;
  private readonly timeEmbedding: TimestepEmbedding;
  private readonly addEmbedding: TimestepEmbedding;
  private readonly downBlocks: UNetDownBlock[];
  private readonly upBlocks: UNetUpBlock[];
  private readonly midBlock: UNetMidBlock;
  private readonly convNormOut: GroupNorm;
  private readonly convOut: Conv2d;
  private gradientCheckpointingEnabled = false;

  /** Builds the architecture only; no weights are allocated (use `fromConfig` / `fromPretrained`). */
  private constructor(config: UNet2DConditionConfig) {
    super();
    this.config = config;
    const resolved = resolveUNetConfig(config);
    this.resolved = resolved;
    const channels = resolved.blockOutChannels;
    const timeEmbedDim = channels[0]! * 4;
    const groups = resolved.normNumGroups;
    const eps = resolved.normEps;
    const crossAttention = (block: number) => ({
      heads: resolved.attentionHeads[block]!,
      layers: resolved.transformerLayersPerBlock[block]!,
      crossAttentionDim: resolved.crossAttentionDim,
      useLinearProjection: resolved.useLinearProjection,
    });

    this.convIn = this.child('conv_in', new Conv2d(resolved.inChannels, channels[0]!, 3, { padding: 1 }));
    this.timeEmbedding = this.child('time_embedding', new TimestepEmbedding(channels[0]!, timeEmbedDim));
    this.addEmbedding = this.child(
      'add_embedding',
      new TimestepEmbedding(resolved.projectionClassEmbeddingsInputDim, timeEmbedDim),
    );

    const last = channels.length - 1;
    this.downBlocks = resolved.downBlockTypes.map((type, block) =>
      this.child(
        `down_blocks.${block}`,
        new UNetDownBlock({
          inChannels: block === 0 ? channels[0]! : channels[block - 1]!,
          outChannels: channels[block]!,
          tembChannels: timeEmbedDim,
          layers: resolved.layersPerBlock[block]!,
          groups,
          eps,
          addDownsample: block !== last,
          downsamplePadding: resolved.downsamplePadding,
          crossAttention: type === 'CrossAttnDownBlock2D' ? crossAttention(block) : undefined,
        }),
      ),
    );

    const reversedChannels = [...channels].reverse();
    const reversedLayers = [...resolved.layersPerBlock].reverse();
    this.upBlocks = resolved.upBlockTypes.map((type, block) => {
      const downIndex = last - block;
      return this.child(
        `up_blocks.${block}`,
        new UNetUpBlock({
          inChannels: reversedChannels[Math.min(block + 1, last)]!,
          prevOutputChannels: reversedChannels[Math.max(block - 1, 0)]!,
          outChannels: reversedChannels[block]!,
          tembChannels: timeEmbedDim,
          layers: reversedLayers[block]! + 1,
          groups,
          eps,
          addUpsample: block !== last,
          crossAttention: type === 'CrossAttnUpBlock2D' ? crossAttention(downIndex) : undefined,
        }),
      );
    });

    this.midBlock = this.child(
      'mid_block',
      new UNetMidBlock({
        channels: channels[last]!,
        tembChannels: timeEmbedDim,
        groups,
        eps,
        outputScaleFactor: resolved.midBlockScaleFactor,
        ...crossAttention(last),
      }),
    );
    this.convNormOut = this.child('conv_norm_out', new GroupNorm(groups, channels[0]!, eps));
    this.convOut = this.child('conv_out', new Conv2d(channels[0]!, resolved.outChannels, 3, { padding: 1 }));
  }

  /** Every state_dict key and shape the config implies, computed without allocating any weight. */
  static parameterSpec(config: UNet2DConditionConfig): ParameterSpecEntry[] {
    return new UNet2DConditionModel(config).parameterSpec();
  }

  /** A model with freshly initialised weights (PyTorch's default distributions; `seed` makes it repeatable). */
  static fromConfig(
    config: UNet2DConditionConfig,
    { seed = 0 }: { seed?: number } = {},
  ): UNet2DConditionModel {
    return new UNet2DConditionModel(config).initialise(seed);
  }

  /**
   * Loads `config.json` and `diffusion_pytorch_model[.variant].safetensors` (or its shards and
   * `.index.json`) from `dir` (or `dir/subfolder`). Tensors are read one at a time and each becomes a variable before the next is read, so the weights are
   * never held twice. Missing, unexpected and wrong-shape keys are reported by name before any data is read.
   */
  static async fromPretrained(
    dir: string,
    options: UNetFromPretrainedOptions = {},
  ): Promise<UNet2DConditionModel> {
    return loadPretrained(componentDir(dir, options.subfolder), {
      readConfig: readUnetConfig,
      build: (config) => new UNet2DConditionModel(config),
      weightsName: 'diffusion_pytorch_model',
      variant: options.variant,
    });
  }

  /**
   * Writes `config.json` and `diffusion_pytorch_model.safetensors` into `dir` as diffusers' save_pretrained
   * does (same tensor order, header and `{"format":"pt"}` metadata), in the requested on-disk dtype.
   */
  async savePretrained(dir: string, { dtype }: UNetSavePretrainedOptions): Promise<void> {
    await writeUnetFolder(dir, this.config, moduleWeightEntries(this, unetSafetensorsDtype(dtype)));
  }

  /**
   * diffusers' `enable_gradient_checkpointing()`: every ResnetBlock2D and BasicTransformerBlock of the down,
   * mid and up blocks recomputes its activations in the backward pass instead of keeping them, trading
   * about one extra forward pass of compute for much less memory. Values and gradients are unchanged.
   *
   * `gradientSink` makes the backward pass fused (kohya's `--fused_backward_pass`): each of those blocks
   * hands its parameters' gradients to the sink as soon as its recomputation has them (the optimizer updates
   * them there), so they never reach `tf.variableGrads`, which then returns only the gradients of the
   * parameters outside the blocks (`unfusedVariables()`).
   */
  enableGradientCheckpointing(enabled = true, { gradientSink }: { gradientSink?: GradientSink } = {}): void {
    for (const module of this.checkpointedBlocks()) {
      module.gradientCheckpointing = enabled;
      module.gradientSink = enabled ? gradientSink : undefined;
    }
    this.gradientCheckpointingEnabled = enabled;
  }

  /**
   * The variables whose gradients a fused backward pass leaves to `tf.variableGrads`: those outside the
   * checkpointed blocks (conv_in/out, the embeddings, down/upsamplers, the transformers' norm and
   * projections), about 2% of SDXL's parameters.
   */
  unfusedVariables(): tf.Variable[] {
    const fused = new Set(this.checkpointedBlocks().flatMap((block) => block.trainableVariables()));
    return this.trainableVariables().filter((variable) => !fused.has(variable));
  }

  private checkpointedBlocks(): (ResnetBlock2D | BasicTransformerBlock)[] {
    const attentions = [
      ...this.downBlocks.flatMap((block) => block.attentions),
      this.midBlock.attention,
      ...this.upBlocks.flatMap((block) => block.attentions),
    ];
    return [
      ...this.downBlocks.flatMap((block) => block.resnets),
      ...this.midBlock.resnets,
      ...this.upBlocks.flatMap((block) => block.resnets),
      ...attentions.flatMap((attention) => attention.blocks),
    ];
  }

  /** Whether `enableGradientCheckpointing` is in effect (diffusers' `is_gradient_checkpointing`). */
  get isGradientCheckpointing(): boolean {
    return this.gradientCheckpointingEnabled;
  }

  /** The time and SDXL micro-conditioning embeddings (diffusers' `emb`), with their intermediates. */
  conditioningEmbeddings({
    timestep,
    textEmbeds,
    timeIds,
  }: Pick<UNetForwardInput, 'timestep' | 'textEmbeds' | 'timeIds'>): UNetConditioningEmbeddings {
    const batch = textEmbeds.shape[0];
    const {
      blockOutChannels,
      flipSinToCos,
      freqShift,
      additionTimeEmbedDim,
      projectionClassEmbeddingsInputDim,
    } = this.resolved;
    const projectedWidth = textEmbeds.shape[1] + timeIds.shape[1] * additionTimeEmbedDim;
    if (timeIds.shape[0] !== batch || projectedWidth !== projectionClassEmbeddingsInputDim) {
      throw new Error(
        `UNet forward: textEmbeds [${textEmbeds.shape.join(', ')}] and timeIds [${timeIds.shape.join(', ')}] give an addition embedding of width ${projectedWidth} (text width + time ids x ${additionTimeEmbedDim}); the config's projection_class_embeddings_input_dim is ${projectionClassEmbeddingsInputDim}.`,
      );
    }
    const sinusoid = { flipSinToCos, downscaleFreqShift: freqShift };
    const timesteps = timestepBatch(timestep, batch);
    const timestepProjectionValue = timestepProjection(timesteps, blockOutChannels[0]!, sinusoid);
    const timeEmbedding = this.timeEmbedding.forward(timestepProjectionValue);
    const projectedTimeIds = timestepProjection(tf.reshape(timeIds, [-1]), additionTimeEmbedDim, sinusoid);
    const additionInput = tf.concat<tf.Tensor2D>([textEmbeds, tf.reshape(projectedTimeIds, [batch, -1])], 1);
    const additionEmbedding = this.addEmbedding.forward(additionInput);
    return {
      timestepProjection: timestepProjectionValue,
      timeEmbedding,
      additionInput,
      additionEmbedding,
      total: tf.add<tf.Tensor2D>(timeEmbedding, additionEmbedding),
    };
  }

  /** The predicted noise (or v), [batch, out_channels, height, width]. */
  forward(input: UNetForwardInput): tf.Tensor4D {
    return tf.tidy(() => {
      this.checkInput(input);
      const temb = this.conditioningEmbeddings(input).total;
      const { encoderHiddenStates } = input;
      let hidden = this.convIn.forward(tf.transpose(input.sample, [0, 2, 3, 1]));
      const skips: tf.Tensor4D[] = [hidden];
      for (const block of this.downBlocks) {
        const result = block.forward(hidden, temb, encoderHiddenStates);
        hidden = result.output;
        skips.push(...result.skips);
      }
      hidden = this.midBlock.forward(hidden, temb, encoderHiddenStates);
      for (const block of this.upBlocks) {
        hidden = block.forward(hidden, skips, temb, encoderHiddenStates);
      }
      hidden = this.convOut.forward(silu(this.convNormOut.forward(hidden)));
      return tf.transpose(hidden, [0, 3, 1, 2]);
    });
  }

  private checkInput({ sample, encoderHiddenStates, textEmbeds }: UNetForwardInput): void {
    const [batch, channels, height, width] = sample.shape;
    const factor = 2 ** (this.downBlocks.length - 1);
    if (channels !== this.resolved.inChannels) {
      throw new Error(
        `UNet forward: sample has ${channels} channels, the config's in_channels is ${this.resolved.inChannels} (sample must be NCHW).`,
      );
    }
    if (height % factor !== 0 || width % factor !== 0) {
      throw new Error(
        `UNet forward: sample size ${height}x${width} must be a multiple of ${factor} (one halving per down block).`,
      );
    }
    if (
      encoderHiddenStates.shape[0] !== batch ||
      encoderHiddenStates.shape[2] !== this.resolved.crossAttentionDim
    ) {
      throw new Error(
        `UNet forward: encoderHiddenStates is [${encoderHiddenStates.shape.join(', ')}], expected [${batch}, tokens, ${this.resolved.crossAttentionDim}] (cross_attention_dim).`,
      );
    }
    if (textEmbeds.shape[0] !== batch) {
      throw new Error(`UNet forward: textEmbeds has batch ${textEmbeds.shape[0]}, sample has ${batch}.`);
    }
  }
}

function timestepBatch(timestep: UNetForwardInput['timestep'], batch: number): tf.Tensor1D {
  const values = typeof timestep === 'number' ? [timestep] : timestep;
  const tensor = Array.isArray(values) ? tf.tensor1d(values, 'float32') : values;
  if (tensor.shape[0] === batch) return tensor;
  if (tensor.shape[0] === 1) return tf.tile(tensor, [batch]);
  throw new Error(
    `UNet forward: ${tensor.shape[0]} timesteps for a batch of ${batch}; give one, or one per sample.`,
  );
}
