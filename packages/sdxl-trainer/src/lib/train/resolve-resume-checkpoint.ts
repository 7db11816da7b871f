import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import { PixelError } from '@pixel/constraints';
import { checkTrainingCheckpoint } from './check-training-checkpoint.js';
import { DamagedCheckpointError } from './damaged-checkpoint-error.js';
import { CHECKPOINT_NAME } from './save-training-checkpoint.js';

export interface ResolveResumeCheckpointOptions {
  /** Told about every damaged checkpoint that `latest` skips. */
  onWarning?: (message: string) => void;
}

/**
 * The checkpoint `--resume_from_checkpoint` names, checked whole (checkTrainingCheckpoint). `latest` is the
 * highest intact `checkpoint-<step>` of the output directory: a damaged newer one (a truncated file, a
 * missing training_state.json) is skipped with a warning naming the file, so a run resumes from the one
 * before it; undefined when there is no checkpoint at all (a new run starts, as in diffusers), an error when
 * every checkpoint is damaged. Any other value is a folder, as given or inside the output directory, and a
 * damaged one is a {@link DamagedCheckpointError}.
 */
export async function resolveResumeCheckpoint(
  outputDir: string,
  value: string,
  options: ResolveResumeCheckpointOptions = {},
): Promise<string | undefined> {
  if (value === 'latest') {
    const names = await readdir(outputDir).catch(() => [] as string[]);
    const steps = names
      .map((name) => CHECKPOINT_NAME.exec(name)?.[1])
      .filter((step): step is string => step !== undefined)
      .map(Number)
      .sort((a, b) => b - a);
    const damaged: DamagedCheckpointError[] = [];
    for (const step of steps) {
      const dir = path.join(outputDir, `checkpoint-${step}`);
      try {
        await checkTrainingCheckpoint(dir);
        return dir;
      } catch (error) {
        if (!(error instanceof DamagedCheckpointError)) throw error;
        damaged.push(error);
        options.onWarning?.(
          `Skipping ${dir}: ${error.file} ${error.problem}. Resuming from the newest intact checkpoint before it; delete ${dir} once you no longer need it.`,
        );
      }
    }
    if (damaged.length > 0) {
      throw new PixelError(
        `--resume_from_checkpoint latest: every checkpoint in ${outputDir} is damaged (${damaged
          .map((error) => `${error.file} ${error.problem}`)
          .join(
            '; ',
          )}). Delete those checkpoint folders to start a new run there, or choose another --output_dir.`,
      );
    }
    return undefined;
  }
  for (const dir of [path.resolve(value), path.join(outputDir, path.basename(value))]) {
    if (await isCheckpoint(dir)) {
      await checkTrainingCheckpoint(dir);
      return dir;
    }
  }
  throw new Error(
    `--resume_from_checkpoint ${value}: no checkpoint there (a checkpoint-<step> folder with training_state.json). Use "latest" or a checkpoint folder of ${outputDir}.`,
  );
}

async function isCheckpoint(dir: string): Promise<boolean> {
  return access(path.join(dir, 'training_state.json')).then(
    () => true,
    () => false,
  );
}
