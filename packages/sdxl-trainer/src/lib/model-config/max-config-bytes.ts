/**
 * The largest model config.json read (SDXL's UNet config is under 2 kB). A committed repo may hold gigabytes
 * in any file, so a config is measured before it is read.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;
