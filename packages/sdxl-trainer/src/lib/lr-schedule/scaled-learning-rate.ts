export interface ScaleLrInput {
  learningRate: number;
  scaleLr: boolean;
  gradientAccumulationSteps: number;
  trainBatchSize: number;
  /** Data-parallel processes (1 on a single machine). */
  numProcesses?: number;
}

/** `--scale_lr`: lr * gradient_accumulation_steps * train_batch_size * num_processes, as the diffusers script. */
export function scaledLearningRate(input: ScaleLrInput): number {
  if (!input.scaleLr) return input.learningRate;
  return (
    input.learningRate * input.gradientAccumulationSteps * input.trainBatchSize * (input.numProcesses ?? 1)
  );
}
