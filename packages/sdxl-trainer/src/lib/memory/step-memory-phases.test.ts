import { PROBE_UNET_CONFIG } from '../backend/probe-unet-config.js';
import { stepMemoryPhases, type StepMemoryInput } from './step-memory-phases.js';
import { unetSegments } from './unet-segments.js';

const segments = unetSegments(PROBE_UNET_CONFIG, {
  batch: 1,
  latentHeight: 32,
  latentWidth: 32,
  contextTokens: 77,
});
const weights = segments.reduce((sum, segment) => sum + segment.parameterBytes, 0);
const BASE: StepMemoryInput = {
  segments,
  inputBytes: 0,
  gradientCheckpointing: false,
  fusedBackwardPass: false,
  accumulationSteps: 1,
  updateBytes: () => 0,
  emaUpdateBytes: 0,
};
const phase = (input: Partial<StepMemoryInput>, name: string) =>
  stepMemoryPhases({ ...BASE, ...input }).phases.find((found) => found.phase === name);

describe('stepMemoryPhases', () => {
  it('holds every gradient once for the optimizer (clipping makes no copy), and the sum while accumulating', () => {
    expect(phase({}, 'optimizer update')).toEqual({
      phase: 'optimizer update',
      gradients: weights,
      activations: 0,
      temporaries: 0,
    });
    expect(phase({}, 'clipping')).toBeUndefined();
    expect(phase({}, 'accumulation')).toBeUndefined();
    expect(phase({ accumulationSteps: 4 }, 'accumulation')!.gradients).toBe(3 * weights);
    // A later micro-batch's backward pass runs beside the running sum.
    expect(phase({ accumulationSteps: 4 }, 'backward pass')!.gradients).toBeGreaterThan(weights);
  });

  it('keeps less for the backward pass with checkpointing, and few gradients with a fused pass', () => {
    const plain = phase({}, 'backward pass')!;
    const checkpointed = phase({ gradientCheckpointing: true }, 'backward pass')!;
    expect(checkpointed.activations).toBeLessThan(plain.activations / 2);
    expect(stepMemoryPhases({ ...BASE, gradientCheckpointing: true }).mostActivations).toBe(
      checkpointed.activations,
    );
    const fused = stepMemoryPhases({
      ...BASE,
      fusedBackwardPass: true,
      updateBytes: (shape) => 4 * shape[0]!,
    });
    expect(fused.phases.map((found) => found.phase)).toContain('fused update');
    const update = fused.phases.find((found) => found.phase === 'optimizer update')!;
    expect(update.gradients).toBeLessThan(weights / 2);
    expect(fused.mostGradients).toBeLessThan(weights);
    expect(fused.mostGradients).toBeGreaterThanOrEqual(
      Math.max(...fused.phases.map((found) => found.gradients)),
    );
  });

  it('adds the EMA update when the EMA is on the device', () => {
    expect(phase({ emaUpdateBytes: 2 * weights }, 'EMA update')!.temporaries).toBe(2 * weights);
    expect(phase({}, 'EMA update')).toBeUndefined();
  });
});
