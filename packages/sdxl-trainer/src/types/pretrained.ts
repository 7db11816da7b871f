/** Where a component's files are inside a Hugging Face pipeline folder, and which weights variant to read. */
export interface FromPretrainedOptions {
  /** Component folder inside `dir`, e.g. `text_encoder_2` or `vae` of a pipeline. */
  subfolder?: string;
  /** Weights variant such as `fp16` (`model.fp16.safetensors`, `diffusion_pytorch_model.fp16.safetensors`). */
  variant?: string;
}
