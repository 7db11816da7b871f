import { PixelError } from '@pixel/constraints';

/**
 * A parquet row group larger than a whole-group read may take: listing refuses the file, fetching skips the
 * records in that group as `too-large`.
 */
export class RowGroupTooLargeError extends PixelError {}
