import path from 'node:path';
import { UsageError } from '@pixel/constraints';
import type { OptimizerType, TrainOptions } from '../train-options/types.js';
import type { TrainingState } from './types.js';

const STATE_OF: Record<OptimizerType, string> = {
  adamw: "AdamW's two moments of every parameter",
  adafactor: "Adafactor's factored second moments",
};

/**
 * A checkpoint's optimizer state continues only with the optimizer that wrote it: the same
 * --optimizer_type (checkpoints from before Adafactor were written by AdamW) and, for Adafactor, a first
 * moment (beta1) if and only if it had one, since that changes which state tensors exist. Other settings
 * may change on resume, as the learning rate may. Refused with a UsageError naming both and the fix.
 */
export function checkResumableOptimizer(
  saved: TrainingState,
  resumeDir: string,
  options: TrainOptions,
): void {
  const savedType = saved.optimizer?.type ?? 'adamw';
  const newRun = `or start a new run in another --output_dir from its weights (--pretrained_unet_model_name_or_path ${path.join(resumeDir, 'unet')})`;
  if (savedType !== options.optimizerType) {
    throw new UsageError(
      `${resumeDir} was trained with --optimizer_type ${savedType}, this run asks for ${options.optimizerType}: its optimizer.safetensors holds ${STATE_OF[savedType]}, which ${options.optimizerType === 'adamw' ? 'AdamW' : 'Adafactor'} cannot continue from. Resume with --optimizer_type ${savedType}${savedType === 'adafactor' ? ' and its --optimizer_args' : ''}, ${newRun}.`,
    );
  }
  if (savedType !== 'adafactor') return;
  const savedBeta1 = saved.optimizer?.options.beta1;
  const beta1 = options.optimizerArgs?.beta1;
  if ((savedBeta1 === undefined) !== (beta1 === undefined)) {
    throw new UsageError(
      `${resumeDir} was trained with Adafactor ${savedBeta1 === undefined ? 'without beta1 (no first moment)' : `with beta1=${savedBeta1}`}, and this run ${beta1 === undefined ? 'sets no beta1' : `sets beta1=${beta1}`}: a first moment is optimizer state the checkpoint ${savedBeta1 === undefined ? 'does not have' : 'has'}. Resume with ${savedBeta1 === undefined ? 'no beta1 in --optimizer_args' : `--optimizer_args beta1=${savedBeta1}`}, ${newRun}.`,
    );
  }
}
