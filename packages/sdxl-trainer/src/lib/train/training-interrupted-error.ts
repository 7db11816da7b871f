import { PixelError } from '@pixel/constraints';

/**
 * Training stopped because its `signal` was aborted (the CLI aborts it on Ctrl-C and SIGTERM). The step in
 * progress was finished and saved: `checkpoint` holds the weights after `step` optimizer steps, and
 * `--resume_from_checkpoint latest` continues exactly where it stopped. When it stopped before the first
 * step of a new run (while caching) there is nothing to save: `checkpoint` is undefined, and the training
 * cache keeps every sample encoded so far.
 */
export class TrainingInterruptedError extends PixelError {
  constructor(
    readonly step: number,
    readonly checkpoint: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      checkpoint
        ? `Training stopped after step ${step}, which is saved in ${checkpoint}. To continue, run the same command with --resume_from_checkpoint latest.`
        : 'Training stopped before its first step; nothing was trained yet (the training cache keeps the samples encoded so far). To continue, run the same command again.',
      options,
    );
  }
}
