/** Element types a safetensors file can hold that this package reads. */
export type SafetensorsDtype =
  'BOOL' | 'U8' | 'I8' | 'I16' | 'U16' | 'F16' | 'BF16' | 'I32' | 'U32' | 'F32' | 'F64' | 'I64' | 'U64';

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
export type ExpectedTensorShapes =
  ReadonlyMap<string, readonly number[]> | Readonly<Record<string, readonly number[]>>;

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

/** Where a model's weights live in a Hugging Face folder layout. */
export interface CheckpointLocation {
  /** A folder inside the directory, e.g. `unet` in a pipeline folder. */
  subfolder?: string;
  /** The weights file stem: `diffusion_pytorch_model` (default, diffusers) or `model` (transformers). */
  weightsName?: string;
  /** A variant such as `fp16`: reads/writes `diffusion_pytorch_model.fp16.safetensors` (or its shards). */
  variant?: string;
}

export interface ReadCheckpointOptions extends ReadSafetensorsOptions, CheckpointLocation {}

export interface WriteCheckpointOptions extends CheckpointLocation {
  /** Written into every file's `__metadata__`; default `{ format: 'pt' }` as diffusers writes. */
  metadata?: Record<string, string>;
  /**
   * Split into shards of at most this many bytes (a single larger tensor gets a shard of its own), with a
   * `*.safetensors.index.json`, as diffusers' `max_shard_size`. Default 10 GB (10^10 bytes), diffusers' default.
   */
  maxShardBytes?: number;
}

/** The file names of a Hugging Face checkpoint's weights, in diffusers' naming. */
export interface CheckpointFileNames {
  /** The single-file checkpoint, e.g. `diffusion_pytorch_model.fp16.safetensors`. */
  single: string;
  /** The shard index diffusers writes, e.g. `diffusion_pytorch_model.safetensors.fp16.index.json`. */
  index: string;
  /** Every index name readers accept: diffusers' and transformers' (`model.safetensors.index.fp16.json`). */
  indexCandidates: string[];
  /** Shard `number` (1-based) of `count`, e.g. `diffusion_pytorch_model.fp16-00001-of-00002.safetensors`. */
  shard: (number: number, count: number) => string;
}

/** A sharded checkpoint's index: which shard file holds each tensor. */
export interface SafetensorsIndex {
  path: string;
  /** tensor name -> shard file name (a plain file name in the index's directory). */
  weightMap: Map<string, string>;
  /** The distinct shard file names, sorted. */
  shards: string[];
}

/** The files that make up a checkpoint: one file, or the shards listed by an index. */
export interface ResolvedCheckpoint {
  /** The index when sharded, else the single file: what errors about the whole checkpoint name. */
  source: string;
  files: string[];
  index?: SafetensorsIndex;
}
