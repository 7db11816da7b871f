import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import { CHECKPOINT_NAME } from './save-training-checkpoint.js';

/**
 * The checkpoint `--resume_from_checkpoint` names: `latest` is the highest `checkpoint-<step>` of the
 * output directory that holds a training_state.json (undefined when there is none: a new run starts, as
 * in diffusers); any other value is a folder, as given or inside the output directory.
 */
export async function resolveResumeCheckpoint(outputDir: string, value: string): Promise<string | undefined> {
  if (value === 'latest') {
    const names = await readdir(outputDir).catch(() => [] as string[]);
    const steps = names
      .map((name) => CHECKPOINT_NAME.exec(name)?.[1])
      .filter((step): step is string => step !== undefined)
      .map(Number)
      .sort((a, b) => b - a);
    for (const step of steps) {
      const dir = path.join(outputDir, `checkpoint-${step}`);
      if (await isCheckpoint(dir)) return dir;
    }
    return undefined;
  }
  for (const dir of [path.resolve(value), path.join(outputDir, path.basename(value))]) {
    if (await isCheckpoint(dir)) return dir;
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
