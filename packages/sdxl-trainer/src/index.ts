// safetensors I/O
export { checkTensorKeys } from './lib/safetensors/check-tensor-keys.js';
export {
  SafetensorsError,
  SafetensorsKeyMismatchError,
  SafetensorsNonFiniteError,
  type ShapeMismatch,
} from './lib/safetensors/errors.js';
export { loadSafetensors } from './lib/safetensors/load-safetensors.js';
export { readSafetensors } from './lib/safetensors/read-safetensors.js';
export { MAX_HEADER_BYTES, readSafetensorsHeader } from './lib/safetensors/read-safetensors-header.js';
export { writeSafetensors } from './lib/safetensors/write-safetensors.js';
export type {
  ExpectedTensorShapes,
  LoadedTensor,
  ReadSafetensorsOptions,
  SafetensorsDtype,
  SafetensorsFloatDtype,
  SafetensorsHeader,
  SafetensorsTensorInfo,
  SafetensorsWriteEntry,
  TensorData,
  WriteSafetensorsOptions,
} from './types/safetensors.js';

// CLIP tokenizer and noise scheduler
export {
  CLIPTokenizer,
  type CLIPTokenizerFiles,
  type CLIPTokenizerOptions,
  type TextCleanup,
  type TokenizedBatch,
} from './lib/tokenizer/clip-tokenizer.js';
export { fixText } from './lib/tokenizer/fix-text.js';
export { DDPMScheduler } from './lib/scheduler/ddpm-scheduler.js';
export type { DDPMSchedulerConfig } from './types/scheduler.js';
