import type { CheckpointFileNames } from '../../types/safetensors.js';

/**
 * Names the files of a checkpoint `weightsName` (`diffusion_pytorch_model` for diffusers models, `model`
 * for transformers ones) with an optional variant such as `fp16`, exactly as diffusers' `_add_variant`
 * and its shard pattern do, so saved checkpoints load in diffusers and theirs load here.
 */
export function checkpointFileNames(weightsName: string, variant?: string): CheckpointFileNames {
  const tag = variant ? `.${variant}` : '';
  const diffusersIndex = `${weightsName}.safetensors${tag}.index.json`;
  const transformersIndex = `${weightsName}.safetensors.index${tag}.json`;
  const pad = (n: number) => String(n).padStart(5, '0');
  return {
    single: `${weightsName}${tag}.safetensors`,
    index: diffusersIndex,
    indexCandidates:
      diffusersIndex === transformersIndex ? [diffusersIndex] : [diffusersIndex, transformersIndex],
    shard: (number, count) => `${weightsName}${tag}-${pad(number)}-of-${pad(count)}.safetensors`,
  };
}
