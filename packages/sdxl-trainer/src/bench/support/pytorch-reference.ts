import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SHARED_DIR } from '@pixel-tools/test-support';

/** PyTorch's median step (and phases) for a reference config, and where the number came from. */
export interface PytorchStep {
  medianMs?: number;
  forwardMs?: number;
  backwardMs?: number;
  optimizerMs?: number;
  source: string;
}

/** The reference README's numbers (2026-12-06, same kind of machine, not this run). */
const RECORDED: Record<string, number> = { public: 61, medium: 343 };

/**
 * PyTorch's time for the same training step (`../shared/reference/bench_step.py`, diffusers 0.27.2, 2
 * threads, clip_grad_norm_): run now when PIXEL_BENCH_PYTORCH=run and the reference is set up (see its
 * README), so both sides are measured on the same machine in the same run; else the median given in
 * PIXEL_BENCH_PYTORCH_MS (`public=61,medium=343`); else the README's recorded number, marked as such.
 */
export function pytorchReference(config: 'public' | 'medium'): PytorchStep {
  const script = path.join(SHARED_DIR, 'reference', 'run.sh');
  if (process.env.PIXEL_BENCH_PYTORCH === 'run' && existsSync(script)) {
    const output = execFileSync(
      script,
      ['bench_step.py', config, '--seq-len', '77', '--steps', '12', '--warmup', '2', '--clip'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const result = JSON.parse(output.trim().split('\n').pop()!) as Record<string, number>;
    return {
      medianMs: result.median_ms,
      forwardMs: result.median_fwd_loss_ms,
      backwardMs: result.median_bwd_ms,
      optimizerMs: result.median_opt_ms,
      source: 'measured in this run',
    };
  }
  const given = (process.env.PIXEL_BENCH_PYTORCH_MS ?? '')
    .split(',')
    .map((pair) => pair.split('='))
    .find(([name]) => name?.trim() === config);
  if (given && Number.isFinite(Number(given[1])))
    return { medianMs: Number(given[1]), source: 'PIXEL_BENCH_PYTORCH_MS' };
  return { medianMs: RECORDED[config], source: 'recorded 2026-12-06 (not this run)' };
}
