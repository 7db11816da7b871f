import type { SafetensorsFloatDtype } from '../../types/safetensors.js';
import type { UNetSavePretrainedOptions } from '../../types/unet.js';

const SAFETENSORS_DTYPES = { float32: 'F32', float16: 'F16', bfloat16: 'BF16' } as const;

/** The safetensors dtype a UNet is saved in for a torch dtype name; anything else is refused by name. */
export function unetSafetensorsDtype(dtype: UNetSavePretrainedOptions['dtype']): SafetensorsFloatDtype {
  const safetensorsDtype = Object.hasOwn(SAFETENSORS_DTYPES, dtype) ? SAFETENSORS_DTYPES[dtype] : undefined;
  if (safetensorsDtype === undefined) {
    throw new Error(`Unsupported UNet dtype "${String(dtype)}": use float32, float16 or bfloat16.`);
  }
  return safetensorsDtype;
}
