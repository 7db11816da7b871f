/** The way out named in every file-system error about the output folder, after the errno's own fix. */
export const OUTPUT_FOLDER_HINT = 'or choose another output folder (--output)';
