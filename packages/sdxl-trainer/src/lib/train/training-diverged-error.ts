/**
 * The loss or gradient norm became NaN or infinite: training stopped. An unfused step stops before the
 * update; a fused backward pass (--fused_backward_pass) has updated the weights in memory by the time the
 * gradient norm can be read (each block is updated inside the backward pass), so those weights are
 * dropped: nothing of the step is saved, and the last good checkpoint is where to resume.
 */
export class TrainingDivergedError extends Error {
  constructor(
    readonly step: number,
    readonly loss: number,
    readonly gradNorm: number,
    readonly lastCheckpoint: string | undefined,
    { updateApplied = false }: { updateApplied?: boolean } = {},
  ) {
    super(
      `Training stopped at step ${step}: the loss is ${loss} and the gradient norm ${gradNorm}. ` +
        (updateApplied
          ? 'The fused backward pass had already updated the weights in memory with these gradients; they are dropped, nothing of this step is saved; '
          : 'The update was not applied; ') +
        (lastCheckpoint
          ? `the last good checkpoint is ${lastCheckpoint} (resume with --resume_from_checkpoint latest). `
          : 'no checkpoint was written yet. ') +
        'Lower --learning_rate, keep --max_grad_norm clipping on, or check the data for broken images.',
    );
    this.name = 'TrainingDivergedError';
  }
}
