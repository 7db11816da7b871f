import type { DownloadResult, HubCredentials, RetryOptions, TransferProgress } from '../types/public.js';
import { downloadRevision } from '../utils/download-revision.js';
import { selectPipelineParts } from '../utils/select-pipeline-parts.js';

/**
 * Download only what the trainer loads from a diffusers pipeline repo (e.g. the SDXL base): `model_index.json`
 * and the `unet`, `vae`, `scheduler`, `text_encoder*` and `tokenizer*` folders' configs and safetensors weights,
 * of `variant` (e.g. `fp16`) where available. Same cache layout, resume and checks as `downloadModel`; no
 * competition size limit applies to base models.
 */
export async function downloadPipelineParts(
  params: {
    repo: string;
    revision?: string;
    cacheDir: string;
    variant?: string;
    retry?: RetryOptions;
    onProgress?: (progress: TransferProgress) => void;
  } & HubCredentials,
): Promise<DownloadResult> {
  return downloadRevision({ ...params, select: (files) => selectPipelineParts(files, params.variant) });
}
