import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathExists, writeFileAtomic } from '@pixel/files';
import { DEFAULT_GITATTRIBUTES } from './gitattributes.js';
import { gitObjectId } from './git-object-id.js';
import { HubError } from './hub-error.js';
import { isLfsTracked } from './is-lfs-tracked.js';
import { lfsPointer } from './lfs-pointer.js';
import { validateRepoPath } from './validate-repo-path.js';

export interface TreeEntry {
  /** Git blob id of the file as stored in git (for LFS files: of the pointer). */
  oid: string;
  size: number;
  lfs?: { sha256: string; pointerSize: number };
}

export interface StoredCommit {
  id: string;
  parent: string | null;
  title: string;
  description: string;
  date: string;
  /** Every file of the revision by path: the commit is a full snapshot, so reading a revision is one lookup. */
  tree: Record<string, TreeEntry>;
}

export interface RepoMeta {
  namespace: string;
  name: string;
  private: boolean;
  createdAt: string;
  refs: Record<string, string>;
}

export interface CommitRequest {
  branch: string;
  title: string;
  description: string;
  parentCommit?: string;
  files: Array<{ path: string; content: Buffer }>;
  lfsFiles: Array<{ path: string; sha256: string; size: number }>;
  deletions: string[];
}

const COMMIT_ID = /^[0-9a-f]{40}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Repos on disk: `repos/<namespace>/<name>/` holds `repo.json` (visibility, branches), `commits/<id>.json`
 * (full snapshots), `blobs/<git oid>` (regular files) and `lfs/<sha256>` (large files).
 */
export class RepoStore {
  /** Commits to one repo are serialised so a branch head never moves under a concurrent writer. */
  private readonly repoLocks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly root: string,
    /** What the store holds, for messages: `model` or `dataset`. */
    private readonly kind: string,
  ) {}

  async createRepo(namespace: string, name: string, isPrivate: boolean): Promise<RepoMeta> {
    const meta: RepoMeta = {
      namespace,
      name,
      private: isPrivate,
      createdAt: new Date().toISOString(),
      refs: {},
    };
    await mkdir(join(this.root, namespace), { recursive: true });
    try {
      // mkdir without `recursive` fails if the repo exists, which makes creation race-free.
      await mkdir(this.repoDir(namespace, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new HubError(409, `You already created this ${this.kind} repo: ${namespace}/${name}`);
      }
      throw error;
    }
    for (const folder of ['blobs', 'commits']) await mkdir(join(this.repoDir(namespace, name), folder));
    await this.writeMeta(meta);
    await this.commit(namespace, name, {
      branch: 'main',
      title: 'initial commit',
      description: '',
      files: [{ path: '.gitattributes', content: Buffer.from(DEFAULT_GITATTRIBUTES) }],
      lfsFiles: [],
      deletions: [],
    });
    return this.requireRepo(namespace, name);
  }

  async getRepo(namespace: string, name: string): Promise<RepoMeta | undefined> {
    try {
      return JSON.parse(await readFile(join(this.repoDir(namespace, name), 'repo.json'), 'utf8')) as RepoMeta;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async setPrivate(namespace: string, name: string, isPrivate: boolean): Promise<void> {
    await this.withRepoLock(namespace, name, async () => {
      const meta = await this.requireRepo(namespace, name);
      await this.writeMeta({ ...meta, private: isPrivate });
    });
  }

  /** The commit a revision names: a branch, `HEAD` (the main branch) or a full commit id. */
  async readRevision(meta: RepoMeta, revision: string): Promise<StoredCommit> {
    const branch = revision === 'HEAD' ? 'main' : revision;
    const id = meta.refs[branch] ?? (COMMIT_ID.test(revision) ? revision : undefined);
    const commit = id ? await this.readCommit(meta, id) : undefined;
    if (!commit) {
      throw new HubError(404, `Invalid rev id: ${revision}`, 'RevisionNotFound');
    }
    return commit;
  }

  hasLfsObject(meta: RepoMeta, sha256: string): Promise<boolean> {
    return pathExists(this.lfsPath(meta, sha256));
  }

  lfsPath(meta: Pick<RepoMeta, 'namespace' | 'name'>, sha256: string): string {
    return join(this.repoDir(meta.namespace, meta.name), 'lfs', sha256);
  }

  private partPath(meta: RepoMeta, sha256: string, partNumber: number): string {
    return join(this.repoDir(meta.namespace, meta.name), 'lfs-parts', sha256, String(partNumber));
  }

  blobPath(meta: Pick<RepoMeta, 'namespace' | 'name'>, oid: string): string {
    return join(this.repoDir(meta.namespace, meta.name), 'blobs', oid);
  }

  /** Store an uploaded LFS object, refusing it unless its size and sha256 are the announced ones. */
  async storeLfsObject(
    meta: RepoMeta,
    sha256: string,
    size: number,
    body: AsyncIterable<Buffer>,
  ): Promise<void> {
    if (!SHA256.test(sha256)) throw new HubError(400, `Invalid LFS oid "${sha256}": expected 64 hex digits.`);
    await writeHashed(this.lfsPath(meta, sha256), body, (actual, received) => {
      if (received !== size || actual !== sha256) {
        throw new HubError(
          400,
          `LFS object rejected: expected ${size} bytes with sha256 ${sha256}, received ${received} bytes with sha256 ${actual}.`,
        );
      }
    });
  }

  /** Keep one part of a multipart LFS upload; its etag is the sha256 of its bytes. */
  async storeLfsPart(
    meta: RepoMeta,
    sha256: string,
    partNumber: number,
    body: AsyncIterable<Buffer>,
  ): Promise<string> {
    if (!SHA256.test(sha256)) throw new HubError(400, `Invalid LFS oid "${sha256}": expected 64 hex digits.`);
    return writeHashed(this.partPath(meta, sha256, partNumber), body, () => undefined);
  }

  /** Join the parts of a multipart upload, in order, into the LFS object (verified like a single upload). */
  async assembleLfsObject(
    meta: RepoMeta,
    sha256: string,
    size: number,
    parts: Array<{ partNumber: number; etag: string }>,
  ): Promise<void> {
    const ordered = [...parts].sort((a, b) => a.partNumber - b.partNumber);
    for (const part of ordered) {
      if (!(await pathExists(this.partPath(meta, sha256, part.partNumber)))) {
        throw new HubError(400, `Part ${part.partNumber} of ${sha256} was never uploaded.`);
      }
    }
    const partPaths = ordered.map((part) => this.partPath(meta, sha256, part.partNumber));
    async function* concatenated() {
      for (const path of partPaths)
        yield* createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
    }
    await this.storeLfsObject(meta, sha256, size, concatenated());
    await rm(join(this.partPath(meta, sha256, 1), '..'), { recursive: true, force: true });
  }

  async commit(namespace: string, name: string, request: CommitRequest): Promise<string> {
    return this.withRepoLock(namespace, name, async () => {
      const meta = await this.requireRepo(namespace, name);
      const headId = meta.refs[request.branch];
      if (headId === undefined && Object.keys(meta.refs).length > 0) {
        throw new HubError(404, `Invalid rev id: ${request.branch}`, 'RevisionNotFound');
      }
      if (request.parentCommit && request.parentCommit !== headId) {
        throw new HubError(
          412,
          `A commit has happened since. Please refresh and try again (parent commit ${request.parentCommit}, head ${headId}).`,
        );
      }
      const tree: Record<string, TreeEntry> = headId
        ? { ...(await this.readCommit(meta, headId))!.tree }
        : {};

      for (const path of request.deletions) {
        delete tree[validateRepoPath(path)];
      }
      for (const file of request.files) {
        const oid = gitObjectId('blob', file.content);
        await writeFileAtomic(this.blobPath(meta, oid), file.content);
        tree[validateRepoPath(file.path)] = { oid, size: file.content.length };
      }
      for (const file of request.lfsFiles) {
        if (!(await this.hasLfsObject(meta, file.sha256))) {
          throw new HubError(422, `LFS object ${file.sha256} for "${file.path}" was never uploaded.`);
        }
        const pointer = lfsPointer(file.sha256, file.size);
        await writeFileAtomic(this.blobPath(meta, gitObjectId('blob', pointer)), pointer);
        tree[validateRepoPath(file.path)] = {
          oid: gitObjectId('blob', pointer),
          size: file.size,
          lfs: { sha256: file.sha256, pointerSize: pointer.length },
        };
      }
      await this.trackLfsFiles(meta, tree, request.lfsFiles);

      const content = {
        parent: headId ?? null,
        title: request.title,
        description: request.description,
        date: new Date().toISOString(),
        tree,
      };
      const id = gitObjectId('commit', Buffer.from(JSON.stringify(content)));
      await writeFileAtomic(
        join(this.repoDir(namespace, name), 'commits', `${id}.json`),
        JSON.stringify(content),
      );
      await this.writeMeta({ ...meta, refs: { ...meta.refs, [request.branch]: id } });
      return id;
    });
  }

  /** Like the Hub, add a `.gitattributes` rule for LFS files its patterns do not already cover. */
  private async trackLfsFiles(
    meta: RepoMeta,
    tree: Record<string, TreeEntry>,
    lfsFiles: CommitRequest['lfsFiles'],
  ): Promise<void> {
    const current = tree['.gitattributes'];
    const gitattributes = current ? await readFile(this.blobPath(meta, current.oid), 'utf8') : '';
    const untracked = lfsFiles.filter((file) => !isLfsTracked(gitattributes, file.path));
    if (untracked.length === 0) return;
    const separator = gitattributes === '' || gitattributes.endsWith('\n') ? '' : '\n';
    const rules = untracked.map((file) => `${file.path} filter=lfs diff=lfs merge=lfs -text\n`).join('');
    const content = Buffer.from(gitattributes + separator + rules);
    const oid = gitObjectId('blob', content);
    await writeFileAtomic(this.blobPath(meta, oid), content);
    tree['.gitattributes'] = { oid, size: content.length };
  }

  private async readCommit(meta: RepoMeta, id: string): Promise<StoredCommit | undefined> {
    if (!COMMIT_ID.test(id)) return undefined;
    try {
      const path = join(this.repoDir(meta.namespace, meta.name), 'commits', `${id}.json`);
      return { id, ...(JSON.parse(await readFile(path, 'utf8')) as Omit<StoredCommit, 'id'>) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  private async requireRepo(namespace: string, name: string): Promise<RepoMeta> {
    const meta = await this.getRepo(namespace, name);
    if (!meta) throw new HubError(404, `Repository not found: ${namespace}/${name}`, 'RepoNotFound');
    return meta;
  }

  private writeMeta(meta: RepoMeta): Promise<void> {
    return writeFileAtomic(
      join(this.repoDir(meta.namespace, meta.name), 'repo.json'),
      JSON.stringify(meta, null, 2),
    );
  }

  private repoDir(namespace: string, name: string): string {
    return join(this.root, namespace, name);
  }

  private async withRepoLock<T>(namespace: string, name: string, action: () => Promise<T>): Promise<T> {
    const key = `${namespace}/${name}`;
    const previous = this.repoLocks.get(key) ?? Promise.resolve();
    const next = previous.then(action, action);
    this.repoLocks.set(
      key,
      next.catch(() => undefined),
    );
    return next;
  }
}

/**
 * Stream `body` into a temporary file beside `path` while hashing it, then let `accept` (given the sha256 and
 * byte count) refuse it by throwing; only accepted content is renamed into place. Returns the sha256.
 */
async function writeHashed(
  path: string,
  body: AsyncIterable<Buffer>,
  accept: (sha256: string, bytes: number) => void,
): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  let sha256 = '';
  await writeFileAtomic(path, async (handle) => {
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of body) {
      hash.update(chunk);
      bytes += chunk.length;
      await handle.write(chunk);
    }
    sha256 = hash.digest('hex');
    accept(sha256, bytes);
  });
  return sha256;
}
