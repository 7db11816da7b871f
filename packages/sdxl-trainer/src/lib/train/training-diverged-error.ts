/** The loss or gradient norm became NaN or infinite: training stopped before applying the update. */
export class TrainingDivergedError extends Error {
  constructor(
    readonly step: number,
    readonly loss: number,
    readonly gradNorm: number,
    readonly lastCheckpoint: string | undefined,
  ) {
    super(
      `Training stopped at step ${step}: the loss is ${loss} and the gradient norm ${gradNorm}. The update was not applied; ` +
        (lastCheckpoint
          ? `the last good checkpoint is ${lastCheckpoint} (resume with --resume_from_checkpoint latest). `
          : 'no checkpoint was written yet. ') +
        'Lower --learning_rate, keep --max_grad_norm clipping on, or check the data for broken images.',
    );
    this.name = 'TrainingDivergedError';
  }
}
