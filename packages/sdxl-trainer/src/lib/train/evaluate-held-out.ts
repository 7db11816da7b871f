import { heldOutLoss } from './held-out-loss.js';
import type { TrainingLoop } from './run-types.js';
import type { AveragedWeights } from './types.js';

/**
 * With --eval_holdout: the held-out loss of the weights as they are now, or of the EMA weights given
 * (swapped in and back out), reported (event, log line, metrics.jsonl) and recorded in the loop's state.
 * Skipped, or dropped half-way, once a stop is requested: it changes no weights.
 */
export async function evaluateHeldOut(
  loop: TrainingLoop,
  epoch: number,
  averaged: AveragedWeights | undefined,
): Promise<void> {
  const { run, state } = loop;
  const { heldOutCache } = loop.inputs;
  if (!heldOutCache || run.stopRequested()) return;
  const samples = heldOutCache.length;
  const signal = run.hooks.signal;
  let loss: number;
  try {
    loss = await heldOutLoss({
      unet: loop.models.unet,
      scheduler: loop.models.scheduler,
      inputs: heldOutCache,
      ema: averaged,
      signal,
    });
  } catch (error) {
    if (run.stopRequested() && error === signal?.reason) return;
    throw error;
  }
  const step = state.globalStep;
  state.firstEvalLoss ??= loss;
  state.lastEvalLoss = loss;
  state.lastEvalStep = step;
  run.emit({ type: 'eval', step, epoch, loss, samples });
  run.log?.info(
    `Evaluation loss at step ${step} (epoch ${epoch}): ${loss.toFixed(4)} on ${samples} held-out sample${samples === 1 ? '' : 's'}`,
  );
  await loop.metrics.append({ step, epoch, eval_loss: loss, eval_samples: samples });
}
