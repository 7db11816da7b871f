import path from 'node:path';
import { trainingPosition } from '../train-options/training-position.js';
import { evaluateHeldOut } from './evaluate-held-out.js';
import type { TrainingLoop } from './run-types.js';
import { saveTrainedPipeline } from './save-trained-pipeline.js';
import type { TrainResult } from './types.js';

/**
 * train()'s last phase, after the last step: the EMA weights copied in with --use_ema (uploaded one tensor
 * at a time from host memory with --ema_offload), their held-out loss
 * (unless the last epoch's evaluation has just measured these very weights), and the pipeline with the
 * trained UNet saved to --output_dir.
 */
export async function finishTraining(loop: TrainingLoop): Promise<TrainResult> {
  const { run, models, state, inputs } = loop;
  const { outputDir } = run;
  models.ema?.copyTo();
  if (state.lastEvalStep !== state.globalStep) {
    await evaluateHeldOut(
      loop,
      trainingPosition(run.plan, Math.max(0, state.globalStep - 1)).epoch,
      undefined,
    );
  }
  await saveTrainedPipeline({
    unet: models.unet,
    pipelineDir: run.pipelineDir,
    vaeDir: run.vaeDir,
    outputDir,
  });
  run.emit({ type: 'done', outputDir, step: state.globalStep });
  run.log?.info(`Saved the trained pipeline to ${outputDir} (UNet in ${path.join(outputDir, 'unet')})`);
  return {
    outputDir,
    globalStep: state.globalStep,
    seed: run.seed,
    cache: { encoded: inputs.encoded, reused: inputs.reused },
    firstSmoothedLoss: state.firstSmoothedLoss,
    lastSmoothedLoss: state.smoothedLoss ?? undefined,
    firstEvalLoss: state.firstEvalLoss,
    lastEvalLoss: state.lastEvalLoss,
  };
}
