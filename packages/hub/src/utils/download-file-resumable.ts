import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { lstat, mkdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { fileDownloadInfo, HubApiError } from '@huggingface/hub';
import { createFolder, removeAtomicTempFiles, writeFileAtomic } from '@pixel/files';
import {
  ChecksumMismatchError,
  DiskFullError,
  FileNotFoundError,
  PixelHubError,
  TransferFailedError,
} from '../errors.js';
import type { RepoType, RetryOptions, RevisionFile, TransferProgress } from '../types/public.js';
import { CACHE_DIR_HINT } from './cache-dir-hint.js';
import { httpRequest } from './http-request.js';
import { safeRelativePath } from './safe-relative-path.js';
import { translateHubError } from './translate-hub-error.js';
import { withRetry } from './with-retry.js';

export interface FileDownload {
  repo: string;
  /** Default `model`. */
  repoType?: RepoType;
  commit: string;
  file: RevisionFile;
  snapshotDir: string;
  /** Where partial downloads (`<sha>.incomplete`) wait, outside the snapshot so they are never hashed with it. */
  blobsDir: string;
  accessToken?: string;
  hubUrl?: string;
  fetch: typeof fetch;
  lastErrorCode(): string | undefined;
  retry?: RetryOptions;
  onProgress?: (progress: TransferProgress) => void;
  /** Ends the transfer (the partial is kept for the next run) and rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Errors of the disk itself: retrying cannot help, the user has to act. */
const DISK_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM']);

/**
 * Download one file of a revision into the snapshot as a real file: streamed into a `.incomplete` partial,
 * continued with a `Range` request after an interruption (retried with exponential back-off), checked
 * against the Hub's sha256 (LFS) or git blob id, and only then renamed into place.
 */
export async function downloadFileResumable(download: FileDownload): Promise<void> {
  const { file, snapshotDir } = download;
  const finalPath = join(snapshotDir, safeRelativePath(file.path));
  if (await replaceSymlinkOrCheck(finalPath, file.size)) return;

  const partialPath = join(download.blobsDir, `${file.sha256 ?? file.oid}.incomplete`);
  await createFolder(download.blobsDir, { elsewhere: CACHE_DIR_HINT });
  let attempts = 0;
  try {
    await withRetry(
      () => {
        attempts += 1;
        return transferOnce(download, partialPath);
      },
      download.retry,
      (error) => !download.signal?.aborted && isRetryable(error),
    );
    await mkdir(dirname(finalPath), { recursive: true });
    await rename(partialPath, finalPath);
  } catch (error) {
    if (download.signal?.aborted) throw download.signal.reason;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') throw new DiskFullError(finalPath, { cause: error });
    if (!isRetryable(error)) {
      throw translateHubError(error, {
        repo: download.repo,
        revision: download.commit,
        path: file.path,
        authenticated: download.accessToken !== undefined,
        errorCode: download.lastErrorCode(),
      });
    }
    const kept = await stat(partialPath).then(
      (info) => info.size,
      () => 0,
    );
    throw new TransferFailedError(
      `Downloading "${file.path}" from ${download.repo} failed after ${attempts} attempts ` +
        `(${describe(error)}). ${kept} of ${file.size} bytes are kept in ${partialPath}; ` +
        `run the download again to resume from there.`,
      { cause: error },
    );
  }
}

async function transferOnce(download: FileDownload, partialPath: string): Promise<void> {
  const { file } = download;
  let offset = await stat(partialPath).then(
    (info) => info.size,
    () => 0,
  );
  if (offset > file.size) {
    await rm(partialPath, { force: true });
    offset = 0;
  }
  let hash = await hashPrefix(file, partialPath, offset);

  if (offset < file.size) {
    const info = await fileDownloadInfo({
      repo: { type: download.repoType ?? 'model', name: download.repo },
      path: file.path,
      revision: download.commit,
      accessToken: download.accessToken,
      hubUrl: download.hubUrl,
      fetch: download.fetch,
    });
    if (!info) throw new FileNotFoundError(download.repo, download.commit, file.path);
    const response = await httpRequest(info.url, {
      method: 'GET',
      headers: {
        Range: `bytes=${offset}-`,
        ...(download.accessToken && { Authorization: `Bearer ${download.accessToken}` }),
      },
      signal: download.signal,
    });
    const status = response.statusCode ?? 0;
    if (status === 416) {
      // The partial no longer fits the file: start over on the next attempt.
      response.resume();
      await rm(partialPath, { force: true });
      throw new Error('the Hub refused to resume the partial file (416)');
    }
    if (status < 200 || status >= 300) {
      const text = (await response.toArray()).join('');
      throw new HubApiError(info.url, status, undefined, text);
    }
    if (status !== 206 && offset > 0) {
      // The server ignored the Range header and sends everything: rewrite the partial from the start.
      offset = 0;
      hash = await hashPrefix(file, partialPath, 0);
    }
    let done = offset;
    const output = createWriteStream(partialPath, { flags: offset > 0 ? 'a' : 'w', highWaterMark: 1 << 20 });
    let writeError: Error | undefined;
    output.on('error', (error) => {
      writeError = error;
    });
    let bodyError: unknown;
    try {
      for await (const chunk of response as AsyncIterable<Buffer>) {
        if (writeError) break;
        hash.update(chunk);
        done += chunk.length;
        download.onProgress?.({ phase: 'downloading', path: file.path, bytes: done, totalBytes: file.size });
        if (!output.write(chunk)) await drained(output);
      }
    } catch (error) {
      bodyError = error;
    }
    // Whatever arrived before a dropped connection is flushed to the partial, so the next attempt resumes there.
    output.end();
    await finished(output).catch(() => undefined);
    if (writeError) throw writeError;
    if (bodyError) throw bodyError;
    if (done !== file.size) throw new Error(`the connection ended after ${done} of ${file.size} bytes`);
  }

  const actual = hash.digest('hex');
  const expected = file.sha256 ?? file.oid;
  if (actual !== expected) {
    await rm(partialPath, { force: true });
    throw new ChecksumMismatchError(file.path, expected, actual);
  }
}

/** The hash of the partial's first `length` bytes: sha256 for LFS files, git's blob sha1 for the others. */
async function hashPrefix(file: RevisionFile, partialPath: string, length: number): Promise<Hash> {
  const hash = file.sha256 ? createHash('sha256') : createHash('sha1').update(`blob ${file.size}\0`);
  if (length > 0) {
    for await (const chunk of createReadStream(partialPath, { end: length - 1, highWaterMark: 1 << 20 })) {
      hash.update(chunk as Buffer);
    }
  }
  return hash;
}

/**
 * True when the snapshot already holds the file. A symlink there (left by a cache that links into `blobs/`)
 * is replaced by a real copy, as validators do before hashing.
 */
async function replaceSymlinkOrCheck(finalPath: string, size: number): Promise<boolean> {
  const info = await lstat(finalPath).catch(() => undefined);
  if (!info) return false;
  if (info.isSymbolicLink()) {
    const target = await realpath(finalPath).catch(() => undefined);
    const targetInfo = target ? await stat(target) : undefined;
    if (!target || !targetInfo?.isFile() || targetInfo.size !== size) {
      await rm(finalPath, { force: true });
      return false;
    }
    // A copy a killed run left half-made would count as a stray file of the snapshot.
    await removeAtomicTempFiles(dirname(finalPath));
    await writeFileAtomic(
      finalPath,
      async (handle) => {
        for await (const chunk of createReadStream(target, { highWaterMark: 1 << 20 })) {
          await handle.write(chunk as Buffer);
        }
      },
      { elsewhere: CACHE_DIR_HINT },
    );
    return true;
  }
  if (info.isFile() && info.size === size) return true;
  await rm(finalPath, { force: true, recursive: true });
  return false;
}

function isRetryable(error: unknown): boolean {
  if (error instanceof PixelHubError) return error instanceof TransferFailedError;
  if (error instanceof HubApiError) return error.statusCode >= 500 || error.statusCode === 429;
  return !DISK_ERRORS.has((error as NodeJS.ErrnoException).code ?? '');
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { message?: string } }).cause?.message;
  const message = error instanceof Error ? error.message : String(error);
  return cause ? `${message}: ${cause}` : message;
}

/** Resolves once the stream wants more data, or has failed (the failure is reported by its 'error' listener). */
function drained(output: WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      output.off('drain', done);
      output.off('error', done);
      resolve();
    };
    output.on('drain', done);
    output.on('error', done);
  });
}
