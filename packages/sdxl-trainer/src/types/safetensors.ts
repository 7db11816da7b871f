/** Element types a safetensors file can hold that this package reads. */
export type SafetensorsDtype =
  | 'BOOL'
  | 'U8'
  | 'I8'
  | 'I16'
  | 'U16'
  | 'F16'
  | 'BF16'
  | 'I32'
  | 'U32'
  | 'F32'
  | 'F64'
  | 'I64'
  | 'U64';

/** Floating-point types a checkpoint can be written in; in memory weights are always F32. */
export type SafetensorsFloatDtype = 'F32' | 'F16' | 'BF16';

/**
 * A tensor's values in memory. F32, F16 and BF16 files all read as Float32Array; the other dtypes keep
 * their own width (I64 as BigInt64Array, BOOL as a Uint8Array of 0/1).
 */
export type TensorData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** One tensor's entry in a safetensors header. Offsets are relative to the start of the data section. */
export interface SafetensorsTensorInfo {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** [begin, end) in bytes, relative to the first byte after the header. */
  dataOffsets: [number, number];
}

/** A validated safetensors header: every tensor's byte range is in bounds and they tile the data section. */
export interface SafetensorsHeader {
  path: string;
  /** The free-form `__metadata__` string map (e.g. `{ format: 'pt' }`), or undefined when absent. */
  metadata: Record<string, string> | undefined;
  /** Tensors in file order (ascending offsets). */
  tensors: SafetensorsTensorInfo[];
  /** Absolute file position of the first data byte (8 + header length). */
  dataStart: number;
}

/** A tensor read from disk. `dtype` is the dtype stored in the file; `data` is its in-memory form. */
export interface LoadedTensor {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  data: TensorData;
  /** The file it came from (a shard, for sharded checkpoints). */
  path: string;
}

/** Expected parameter names and shapes, e.g. a model's state-dict layout. */
export type ExpectedTensorShapes = ReadonlyMap<string, readonly number[]> | Readonly<Record<string, readonly number[]>>;

export interface ReadSafetensorsOptions {
  /**
   * When given, the file's keys and shapes must match exactly; every missing, unexpected and wrong-shape key
   * is reported in one SafetensorsKeyMismatchError before any tensor data is read.
   */
  expected?: ExpectedTensorShapes;
  /** Read only these tensors (each must exist). Default: all, in file order. */
  names?: Iterable<string>;
  /**
   * Check every floating-point tensor for NaN/Inf. All offending keys are reported together in one
   * SafetensorsNonFiniteError after the last tensor has been yielded. Default false.
   */
  rejectNonFinite?: boolean;
}

/** A tensor to write. `data` may be a function so only one tensor's values need to be in memory at a time. */
export interface SafetensorsWriteEntry {
  name: string;
  shape: readonly number[];
  /** The on-disk dtype. F32/F16/BF16 take a Float32Array (converted with round-to-nearest-even). */
  dtype: SafetensorsDtype;
  data: TensorData | (() => TensorData | Promise<TensorData>);
}

export interface WriteSafetensorsOptions {
  /** The `__metadata__` map; diffusers and transformers write `{ format: 'pt' }`. Omitted when undefined. */
  metadata?: Record<string, string>;
}
