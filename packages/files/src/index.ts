export { writeFileAtomic, ATOMIC_TEMP_SUFFIX, type WriteFileAtomicOptions } from './lib/write-file-atomic.js';
export { removeAtomicTempFiles } from './lib/remove-atomic-temp-files.js';
export { createFolder, type CreateFolderOptions } from './lib/create-folder.js';
export { pathExists } from './lib/path-exists.js';
export { toFileSystemError, type FileErrorContext } from './lib/to-file-system-error.js';
export { FileSystemError } from './lib/file-system-error.js';
