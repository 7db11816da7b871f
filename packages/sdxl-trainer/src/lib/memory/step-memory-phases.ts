import { segmentActivationBytes } from './segment-activation-bytes.js';
import type { SegmentMode, UNetSegment } from './types.js';

/** The moments of a training step at which device memory can peak. */
export type StepPhase = 'backward pass' | 'fused update' | 'accumulation' | 'optimizer update' | 'EMA update';

/** What is alive at a phase's peak, above the weights, the optimizer state and the EMA weights. */
export interface PhaseMemory {
  phase: StepPhase;
  /** Parameter gradients (with their clipped copy and the accumulation sum where the step has them). */
  gradients: number;
  /** The step's inputs, saved activations and intermediate gradients. */
  activations: number;
  /** An optimizer or EMA update's new values before they replace the old ones. */
  temporaries: number;
}

export interface StepMemoryInput {
  /** The UNet's parts in forward order (`unetSegments`). */
  segments: readonly UNetSegment[];
  /** The step's inputs (latents, noise, prompt embeddings), alive for the whole micro-batch. */
  inputBytes: number;
  gradientCheckpointing: boolean;
  /** Each checkpointed block's parameters updated in its recomputation (implies checkpointing). */
  fusedBackwardPass: boolean;
  accumulationSteps: number;
  /** Bytes the optimizer allocates to update one tensor of this PyTorch shape (its new values and state). */
  updateBytes: (shape: readonly number[]) => number;
  /** Bytes an EMA update on the device allocates beyond the EMA weights (0 without an EMA there). */
  emaUpdateBytes: number;
}

/** Each phase's peak, and the most gradient and activation bytes alive at any moment of the step. */
export interface StepMemory {
  phases: PhaseMemory[];
  mostGradients: number;
  mostActivations: number;
}

/**
 * The peak of each phase of one optimizer step, as the training step runs it (optimizerStep; a fused
 * step as unet-fused-backward.test.ts runs it), from the parts' measured activation bytes:
 * - backward pass: every part's kept activations stay alive until the backward pass ends, and every
 *   intermediate gradient too (tfjs frees them together at the end), so walking the parts backwards, each
 *   adds what it leaves and its parameter gradients, and peaks at its own backward transient on top;
 * - fused update: inside a checkpointed block's recomputation, its gradients and one tensor's optimizer
 *   update (each tensor's clipping factor is applied as the optimizer reads it);
 * - accumulation: a later micro-batch's gradients, the running sum and the new sum at once;
 * - optimizer update: the gradients (clipping's factor is applied as they are read, no copy) and one
 *   tensor's new values;
 * - EMA update: the EMA's temporaries, once the gradients are gone.
 */
export function stepMemoryPhases(input: StepMemoryInput): StepMemory {
  const { segments, fusedBackwardPass, accumulationSteps, updateBytes } = input;
  const checkpointed = fusedBackwardPass || input.gradientCheckpointing;
  const modeOf = (segment: UNetSegment): SegmentMode =>
    segment.kind !== 'resnet' && segment.kind !== 'transformerBlock'
      ? 'plain'
      : fusedBackwardPass
        ? 'fused'
        : checkpointed
          ? 'checkpointed'
          : 'plain';
  const largestUpdate = (parts: readonly UNetSegment[]) =>
    Math.max(0, ...parts.flatMap((part) => part.parameterShapes.map(updateBytes)));
  const unfused = segments.filter((segment) => modeOf(segment) !== 'fused');
  const gradientBytes = unfused.reduce((sum, segment) => sum + segment.parameterBytes, 0);
  // A later micro-batch runs its backward pass with the running sum of the earlier ones alive.
  const carried = accumulationSteps > 1 ? gradientBytes : 0;
  const phases: PhaseMemory[] = [];
  let mostGradients = 0;
  let mostActivations = 0;
  const record = (phase: PhaseMemory) => {
    mostGradients = Math.max(mostGradients, phase.gradients);
    mostActivations = Math.max(mostActivations, phase.activations);
    const at = phases.findIndex((known) => known.phase === phase.phase);
    if (at < 0) phases.push(phase);
    else if (total(phase) > total(phases[at]!)) phases[at] = phase;
  };

  const parts = segments.map((segment) => ({
    segment,
    mode: modeOf(segment),
    ...segmentActivationBytes(segment, modeOf(segment)),
  }));
  let activations = input.inputBytes + parts.reduce((sum, part) => sum + part.kept, 0);
  let gradients = carried;
  for (const { segment, mode, left, peak } of [...parts].reverse()) {
    record({
      phase: 'backward pass',
      gradients: gradients + segment.parameterBytes,
      activations: activations + peak,
      temporaries: 0,
    });
    if (mode === 'fused') {
      record({
        phase: 'fused update',
        gradients: gradients + segment.parameterBytes,
        activations: activations + left,
        temporaries: largestUpdate([segment]),
      });
    } else {
      gradients += segment.parameterBytes;
    }
    activations += left;
  }
  if (accumulationSteps > 1) {
    record({ phase: 'accumulation', gradients: 3 * gradientBytes, activations: 0, temporaries: 0 });
  }
  record({
    phase: 'optimizer update',
    gradients: gradientBytes,
    activations: 0,
    temporaries: largestUpdate(unfused),
  });
  if (input.emaUpdateBytes > 0) {
    record({ phase: 'EMA update', gradients: 0, activations: 0, temporaries: input.emaUpdateBytes });
  }
  return { phases, mostGradients, mostActivations };
}

function total(phase: PhaseMemory): number {
  return phase.gradients + phase.activations + phase.temporaries;
}
