import { UsageError } from '@pixel/constraints';
import type { UNet2DConditionConfig } from '../../types/unet.js';
import { resolveUNetConfig } from '../unet/resolve-unet-config.js';
import { optimizerStateBytes } from './optimizer-state-bytes.js';
import { optimizerUpdateBytes } from './optimizer-update-bytes.js';
import { stepMemoryPhases, type PhaseMemory, type StepPhase } from './step-memory-phases.js';
import { unetSegments } from './unet-segments.js';

/** Where the EMA weights live: none, device tensors (`--use_ema`), or host memory (`--ema_offload`). */
export type EmaPlacement = 'off' | 'device' | 'host';

export interface MemoryPlanInput {
  /** The UNet's config.json (diffusers), as given. */
  unetConfig: UNet2DConditionConfig;
  /** `--resolution`: square images of this many pixels a side; the latents are an eighth of it. */
  resolution: number;
  /** `--train_batch_size`. */
  batchSize: number;
  /** Prompt tokens per sample; 77 for SDXL's CLIP encoders. */
  tokens?: number;
  optimizer: 'adamw' | 'adafactor';
  /** Adafactor with `beta1` set keeps a first moment (a full copy of the weights). */
  adafactorFirstMoment?: boolean;
  /** `--fused_backward_pass` (implies gradient checkpointing). */
  fusedBackwardPass: boolean;
  /** `--gradient_checkpointing`. */
  gradientCheckpointing: boolean;
  ema: EmaPlacement;
  /** `--gradient_accumulation_steps`. */
  gradientAccumulationSteps: number;
}

/** One common accelerator size and whether the plan fits it with the assumed headroom. */
export interface CardFit {
  /** The card's memory as sold: 24 for a "24 GB" card, which holds 24 GiB. */
  gigabytes: number;
  fits: boolean;
  /** Bytes to spare (negative: missing) after the predicted peak and the headroom. */
  spareBytes: number;
}

export interface MemoryPlan {
  parameters: number;
  latentSize: [number, number];
  /** Float32 weights of the UNet. */
  weightBytes: number;
  /** The most gradient bytes alive at once in the step (with clipped copies and the accumulation sum). */
  gradientBytes: number;
  /** The most activation bytes alive at once (saved activations and intermediate gradients, in the backward pass). */
  activationBytes: number;
  optimizerStateBytes: number;
  /** EMA weights on the device (0 when off or offloaded). */
  emaDeviceBytes: number;
  /** Host memory for offloaded EMA weights and one tensor read back to update them (0 otherwise). */
  emaHostBytes: number;
  /** The step's peak: the phase where device memory is highest, what is alive then, and the total. */
  peak: PhaseMemory & { totalBytes: number };
  /** Every phase's peak total, for comparison. */
  phases: { phase: StepPhase; totalBytes: number }[];
  cards: CardFit[];
  /** The headroom assumed on top of the predicted peak (see `CARD_HEADROOM`). */
  headroom: typeof CARD_HEADROOM;
}

/** "N GB" cards (nvidia-smi shows about N x 1024 MiB). */
export const CARD_GIGABYTES = [16, 24, 40, 48, 80] as const;

/**
 * What a card needs beyond the tensors the plan counts. `reservedBytes`: the CUDA context and the
 * cuDNN/cuBLAS handles and workspaces a TensorFlow process takes before any tensor (about 0.5-1 GiB on
 * current drivers). `fragmentation`: TensorFlow's BFC allocator rounds and splits blocks, and large
 * short-lived tensors (attention scores, the EMA and optimizer temporaries) leave gaps; 10% of the peak
 * covers this and the kernels' scratch space, which the plan does not count. Assumptions from common
 * experience with TensorFlow on NVIDIA cards, not measured here (no GPU on this machine).
 */
export const CARD_HEADROOM = { reservedBytes: 1024 ** 3, fragmentation: 0.1 } as const;

const GIB = 1024 ** 3;

/**
 * The device memory one training step of the UNet `unetConfig` needs with these settings: weights,
 * gradients, optimizer state, EMA, activations at the step's peak (from coefficients measured on this
 * code per kind of block, see activation-coefficients.ts) and the total, and which common card sizes it
 * fits. Float32 throughout, as pixel trains. Computed from the config alone: nothing is allocated.
 */
export function planTrainingMemory(input: MemoryPlanInput): MemoryPlan {
  const { unetConfig, batchSize, gradientAccumulationSteps } = input;
  const resolved = resolveUNetConfig(unetConfig);
  const factor = 8 * 2 ** (resolved.blockOutChannels.length - 1);
  if (!(Number.isInteger(input.resolution) && input.resolution > 0 && input.resolution % factor === 0)) {
    throw new UsageError(
      `Memory plan: --resolution ${input.resolution} is not a multiple of ${factor} (8 per latent pixel times one halving per down block); use e.g. ${Math.max(factor, Math.round(input.resolution / factor) * factor)}.`,
    );
  }
  if (input.fusedBackwardPass && (input.optimizer !== 'adafactor' || gradientAccumulationSteps > 1)) {
    throw new UsageError(
      'Memory plan: --fused_backward_pass needs --optimizer_type adafactor and no gradient accumulation.',
    );
  }
  const latent = input.resolution / 8;
  const tokens = input.tokens ?? 77;
  const segments = unetSegments(unetConfig, {
    batch: batchSize,
    latentHeight: latent,
    latentWidth: latent,
    contextTokens: tokens,
  });
  const shapes = segments.flatMap((segment) => segment.parameterShapes);
  const parameters = shapes.reduce((sum, shape) => sum + elementCount(shape), 0);
  const weightBytes = 4 * parameters;
  const optimizer = { type: input.optimizer, firstMoment: input.adafactorFirstMoment ?? false };
  const stateBytes = shapes.reduce((sum, shape) => sum + optimizerStateBytes(shape, optimizer), 0);
  const emaDeviceBytes = input.ema === 'device' ? weightBytes : 0;
  const largestTensorBytes = Math.max(...shapes.map((shape) => 4 * elementCount(shape)));
  const pooledWidth = resolved.projectionClassEmbeddingsInputDim - 6 * resolved.additionTimeEmbedDim;
  // Latents and noise, prompt and pooled embeddings, time ids.
  const inputBytes =
    4 *
    batchSize *
    (2 * resolved.inChannels * latent * latent + tokens * resolved.crossAttentionDim + pooledWidth + 6);
  const { phases, mostGradients, mostActivations } = stepMemoryPhases({
    segments,
    inputBytes,
    gradientCheckpointing: input.gradientCheckpointing,
    fusedBackwardPass: input.fusedBackwardPass,
    accumulationSteps: gradientAccumulationSteps,
    updateBytes: (shape) => optimizerUpdateBytes(shape, optimizer),
    // EmaModel.step updates every tensor in one tidy: each leaves a difference and its scaled copy.
    emaUpdateBytes: input.ema === 'device' ? 2 * weightBytes : 0,
  });
  const persistent = weightBytes + stateBytes + emaDeviceBytes;
  const totals = phases.map((phase) => ({
    phase,
    totalBytes: persistent + phase.gradients + phase.activations + phase.temporaries,
  }));
  const top = totals.reduce((best, candidate) => (candidate.totalBytes > best.totalBytes ? candidate : best));
  const needed = top.totalBytes * (1 + CARD_HEADROOM.fragmentation) + CARD_HEADROOM.reservedBytes;
  return {
    parameters,
    latentSize: [latent, latent],
    weightBytes,
    gradientBytes: mostGradients,
    activationBytes: mostActivations,
    optimizerStateBytes: stateBytes,
    emaDeviceBytes,
    emaHostBytes: input.ema === 'host' ? weightBytes + largestTensorBytes : 0,
    peak: { ...top.phase, totalBytes: top.totalBytes },
    phases: totals.map(({ phase, totalBytes }) => ({ phase: phase.phase, totalBytes })),
    cards: CARD_GIGABYTES.map((gigabytes) => ({
      gigabytes,
      fits: needed <= gigabytes * GIB,
      spareBytes: Math.round(gigabytes * GIB - needed),
    })),
    headroom: CARD_HEADROOM,
  };
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}
