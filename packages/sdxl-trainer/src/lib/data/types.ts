/** One CSV record and where it lies in the file, so it can be read again without re-scanning. */
export interface CsvRecord {
  fields: string[];
  /** Byte offset of the record's first byte. */
  start: number;
  /** Byte offset just past the record's line ending. */
  end: number;
  /** 1-based line on which the record starts (records may span lines inside quotes). */
  line: number;
}

/** A caption as the metadata holds it: one string, or several of which one is picked per sample. */
export type Caption = string | readonly string[];

/** One usable row of an imagefolder dataset. */
export interface ImageFolderRecord {
  /** Position in the dataset (after skipped rows and --max_train_samples), 0-based. */
  index: number;
  /** 1-based line of the row in the metadata file, for messages. */
  line: number;
  /** Absolute path of the image. */
  imagePath: string;
  caption: Caption;
}

export interface OpenImageFolderOptions {
  /** `--train_data_dir`. */
  directory: string;
  /** `--image_column` (default "image": the file named by the metadata's file_name column). */
  imageColumn?: string;
  /** `--caption_column` (default "text"). */
  captionColumn?: string;
  /** `--max_train_samples`: keep a random subset of this many rows, chosen from `seed`. */
  maxTrainSamples?: number;
  /** Seed of the --max_train_samples subset (`--seed`). */
  seed?: number;
  /**
   * Receives one message per skipped row: a missing image or one that does not decode, a file name
   * outside the folder (absolute, climbing out with "..", or a link to outside), a row without a caption.
   */
  onWarning?: (message: string) => void;
}

/**
 * A training dataset in the Hugging Face imagefolder layout, indexed but not loaded: only the byte
 * offsets of the usable metadata rows are kept (24 bytes per row), each row is re-read on demand.
 */
export interface ImageFolderDataset {
  directory: string;
  /** The metadata file used (metadata.csv or metadata.jsonl). */
  metadataPath: string;
  /** Column names as the dataset exposes them (file_name appears as image). */
  columns: readonly string[];
  /** Usable rows. */
  length: number;
  /** Rows skipped with a warning while indexing. */
  skipped: number;
  /** Reads row `index` (0 <= index < length). */
  record(index: number): Promise<ImageFolderRecord>;
  /** Releases the metadata file handle. */
  close(): Promise<void>;
}

export interface PreprocessOptions {
  /** `--resolution`: the shorter side is resized to it, then a resolution x resolution crop. */
  resolution: number;
  /** `--center_crop` (otherwise a random crop). */
  centerCrop: boolean;
  /** `--random_flip`: mirror horizontally with probability 0.5. */
  randomFlip: boolean;
}

/** An image ready for the VAE, with what SDXL's time ids need. */
export interface PreprocessedImage {
  /** RGB, channels first ([3, resolution, resolution]), in [-1, 1]: ToTensor + Normalize(0.5, 0.5). */
  pixelValues: Float32Array;
  /** [height, width] of the image as decoded, before resizing. */
  originalSize: [number, number];
  /** [top, left] of the crop in the resized image (the diffusers script's crop_top_left). */
  cropTopLeft: [number, number];
  /** Whether --random_flip mirrored it (cropTopLeft alone cannot tell: a latent cache key needs this). */
  flipped: boolean;
}

/** One sample of a training batch before the VAE and text encoders. */
export interface TrainingExample extends PreprocessedImage {
  index: number;
  imagePath: string;
  /** The caption to encode ("" when --proportion_empty_prompts dropped it). */
  caption: string;
}
