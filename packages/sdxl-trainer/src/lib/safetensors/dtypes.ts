import type { SafetensorsDtype } from '../../types/safetensors.js';

/** Bytes per element of each dtype. */
export const DTYPE_BYTES: Readonly<Record<SafetensorsDtype, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
};

/**
 * The declaration order of the Rust crate's `Dtype` enum (ascending alignment). The Python library writes
 * tensors sorted by this rank descending, then by name, so a byte-identical writer needs it.
 */
export const DTYPE_WRITE_RANK: Readonly<Record<SafetensorsDtype, number>> = {
  BOOL: 0,
  U8: 1,
  I8: 2,
  I16: 3,
  U16: 4,
  F16: 5,
  BF16: 6,
  I32: 7,
  U32: 8,
  F32: 9,
  F64: 10,
  I64: 11,
  U64: 12,
};

/** The floating-point dtypes that are read into a Float32Array. */
export const FLOAT32_IN_MEMORY_DTYPES: ReadonlySet<SafetensorsDtype> = new Set(['F32', 'F16', 'BF16']);

/** Whether `value` names a dtype this package reads. */
export function isSafetensorsDtype(value: unknown): value is SafetensorsDtype {
  return typeof value === 'string' && Object.hasOwn(DTYPE_BYTES, value);
}
