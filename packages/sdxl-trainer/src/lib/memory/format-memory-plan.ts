import type { MemoryPlan, MemoryPlanInput } from './plan-training-memory.js';

const GIB = 1024 ** 3;

function gib(bytes: number): string {
  return `${(bytes / GIB).toFixed(2)} GiB`;
}

/** The settings a plan is for, in words: `Adafactor, fused backward pass, gradient checkpointing, EMA off`. */
function describeSettings(input: MemoryPlanInput): string {
  const optimizer =
    input.optimizer === 'adamw' ? 'AdamW' : `Adafactor${input.adafactorFirstMoment ? ' with beta1' : ''}`;
  return [
    optimizer,
    input.fusedBackwardPass ? 'fused backward pass' : '',
    input.gradientCheckpointing || input.fusedBackwardPass
      ? 'gradient checkpointing'
      : 'no gradient checkpointing',
    input.gradientAccumulationSteps > 1 ? `${input.gradientAccumulationSteps} accumulation steps` : '',
    { off: 'no EMA', device: 'EMA on the device', host: 'EMA in host memory' }[input.ema],
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * A memory plan as `pixel model train sdxl --print-memory-plan` prints it: what the settings are, each
 * part's bytes, the peak and its phase, host memory, and which card sizes it fits with what headroom.
 */
export function formatMemoryPlan(plan: MemoryPlan, input: MemoryPlanInput): string {
  const [height, width] = plan.latentSize;
  const { peak } = plan;
  const rows: [string, string][] = [
    ['weights (float32)', gib(plan.weightBytes)],
    ['gradients (most alive at once)', gib(plan.gradientBytes)],
    ['optimizer state', gib(plan.optimizerStateBytes)],
    ['EMA weights on the device', gib(plan.emaDeviceBytes)],
    ['activations (most alive at once)', gib(plan.activationBytes)],
    ['activations at the peak', gib(peak.activations)],
    ['gradients at the peak', gib(peak.gradients)],
    ['update temporaries at the peak', gib(peak.temporaries)],
    [`peak on the device (${peak.phase})`, gib(peak.totalBytes)],
    ['host memory for the EMA weights', gib(plan.emaHostBytes)],
  ];
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const { reservedBytes, fragmentation } = plan.headroom;
  const cards = plan.cards
    .map(
      (card) =>
        `${card.gigabytes} GB ${card.fits ? 'yes' : 'no'} (${card.spareBytes >= 0 ? '+' : '-'}${gib(Math.abs(card.spareBytes))})`,
    )
    .join(', ');
  return [
    `Memory plan: UNet of ${plan.parameters.toLocaleString('en-US')} parameters, ${width * 8} x ${height * 8} images (${width} x ${height} latents), batch ${input.batchSize}, ${describeSettings(input)}`,
    ...rows.map(([label, value]) => `  ${label.padEnd(labelWidth)}  ${value.padStart(valueWidth)}`),
    `  each phase's peak: ${plan.phases.map((phase) => `${phase.phase} ${gib(phase.totalBytes)}`).join(', ')}`,
    `Fits (the peak plus ${fragmentation * 100}% for allocator fragmentation and kernel scratch space, plus ${gib(reservedBytes)} for the CUDA context): ${cards}`,
  ].join('\n');
}
