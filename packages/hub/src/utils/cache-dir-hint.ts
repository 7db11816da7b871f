/** The way out named in file-system errors about the download cache, after the errno's own fix. */
export const CACHE_DIR_HINT = 'or choose another cache directory';
