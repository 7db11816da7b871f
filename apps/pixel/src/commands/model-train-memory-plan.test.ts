import { SHARED } from '@pixel-tools/test-support';
import { runPixel } from '../test-support/run-pixel.js';

// A local pipeline and UNet (nothing is downloaded): the tiny fixture UNet, planned at 64 px.
const LOCAL_RUN = [
  'model',
  'train',
  'sdxl',
  '--pretrained_model_name_or_path',
  SHARED.tinyPipeline,
  '--pretrained_unet_model_name_or_path',
  SHARED.unetVaeTiny,
  '--train_data_dir',
  'not-read',
  '--resolution',
  '64',
  '--train_batch_size',
  '2',
];

describe('pixel model train sdxl --print-memory-plan', () => {
  it("prints the memory plan for the command line's settings and the trained UNet's config, without training", async () => {
    const run = await runPixel([
      ...LOCAL_RUN,
      '--optimizer_type',
      'adafactor',
      '--optimizer_args',
      'relative_step=False',
      'scale_parameter=False',
      'warmup_init=False',
      '--fused_backward_pass',
      '--use_ema',
      '--ema_offload',
      '--print-memory-plan',
    ]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^Memory plan: UNet of [\d,]+ parameters, 64 x 64 images \(8 x 8 latents\), batch 2, Adafactor, fused backward pass, gradient checkpointing, EMA in host memory$/,
    );
    expect(run.stdout).toMatch(/peak on the device \(backward pass\) +[\d.]+ GiB/);
    expect(lines.at(-1)).toMatch(/: 16 GB yes .*, 80 GB yes \(\+[\d.]+ GiB\)$/);
  });

  it('adds the plan to the JSON of --print-config as memoryPlan', async () => {
    const run = await runPixel([
      ...LOCAL_RUN,
      '--gradient_checkpointing',
      '--print-memory-plan',
      '--print-config',
    ]);
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as {
      trainBatchSize: number;
      memoryPlan: {
        latentSize: number[];
        optimizerStateBytes: number;
        weightBytes: number;
        peak: { phase: string };
      };
    };
    expect(printed.trainBatchSize).toBe(2);
    expect(printed.memoryPlan.latentSize).toEqual([8, 8]);
    // AdamW, diffusers' default: two moments per weight.
    expect(printed.memoryPlan.optimizerStateBytes).toBe(2 * printed.memoryPlan.weightBytes);
    expect(printed.memoryPlan.peak.phase).toBe('backward pass');
  });

  it('refuses a resolution the UNet cannot take, naming the fix', async () => {
    const run = await runPixel([...LOCAL_RUN.slice(0, -4), '--resolution', '72', '--print-memory-plan']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--resolution 72 is not a multiple of 32');
  });
});
