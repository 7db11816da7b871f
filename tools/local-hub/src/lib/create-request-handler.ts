import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalHubFault, LocalHubUser } from '../types/public.js';
import { gitObjectId } from './git-object-id.js';
import { HubError } from './hub-error.js';
import { isLfsTracked } from './is-lfs-tracked.js';
import { readBody } from './read-body.js';
import type { RepoMeta, RepoStore, StoredCommit, TreeEntry } from './repo-store.js';
import { serveFile } from './serve-file.js';
import { validateRepoPath } from './validate-repo-path.js';

/** What the Hub hosts here: models (`/api/models`, `/<repo>/resolve`) and datasets (`/api/datasets`, `/datasets/<repo>/resolve`). */
export type RepoType = 'model' | 'dataset';

export interface HubContext {
  /** One store per repo type: a model and a dataset of the same name are two repos, as on the Hub. */
  stores: Record<RepoType, RepoStore>;
  users: readonly LocalHubUser[];
  baseUrl(): string;
  /** Secret that signs LFS upload URLs: the client PUTs there without a token, like a presigned S3 URL. */
  uploadSecret: Buffer;
  /** LFS objects larger than this are uploaded in parts of this size (the Hub's multipart transfer). */
  multipartChunkSize?: number;
  /** The next fault for a download of `path`, or for an LFS upload when `path` is undefined (`repo` is `namespace/name`). */
  takeFault(repo: string, path: string | undefined): LocalHubFault | undefined;
}

/** Files at least this large go through LFS even when `.gitattributes` does not list them, as on the Hub. */
const LFS_SIZE_THRESHOLD = 10 * 1024 * 1024;
const MAX_JSON_BODY = 64 * 1024 * 1024;
const REPO_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?$/;

/** One request being answered: who asks, and where to answer. */
interface HubCall {
  context: HubContext;
  request: IncomingMessage;
  response: ServerResponse;
  user: LocalHubUser | undefined;
}

type Route = (call: HubCall) => Promise<void>;

/** The HTTP handler of the local Hub: the subset of Hub endpoints `@huggingface/hub` calls for models and datasets. */
export function createRequestHandler(context: HubContext) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    try {
      const user = authenticate(request, context.users);
      const route = matchRoute(request);
      if (!route) throw new HubError(404, `Not found: ${request.method} ${request.url}`);
      await route({ context, request, response, user });
    } catch (error) {
      sendError(response, error);
    }
  };
}

function matchRoute(request: IncomingMessage): Route | undefined {
  const url = new URL(request.url ?? '/', 'http://local-hub');
  const segments = url.pathname.split('/').slice(1).map(decodeURIComponent);
  const method = request.method ?? 'GET';
  const [first, second, namespace = '', name = '', action, revision = 'main', ...rest] = segments;

  if (first === 'api' && second === 'whoami-v2' && method === 'GET') {
    return async ({ response, user }) => sendJson(response, 200, whoAmI(requireUser(user)));
  }
  if (first === 'api' && second === 'repos' && namespace === 'create' && method === 'POST') {
    return (call) => createRepo(call);
  }
  if (first === 'api' && (second === 'models' || second === 'datasets') && segments.length >= 4) {
    const repo: RepoRef = { type: second === 'models' ? 'model' : 'dataset', namespace, name };
    return apiRoute(url, method, repo, action, revision, rest);
  }
  if (first === 'lfs-upload') {
    // /lfs-upload/<type>/<namespace>/<name>/<sha256>[/part/<n> | /complete]?size=&signature=
    const [type, owner = '', repoName = '', sha256 = '', step, part] = segments.slice(1);
    if (type !== 'model' && type !== 'dataset') return undefined;
    const target = { repo: { type, namespace: owner, name: repoName } as RepoRef, sha256, url };
    if (step === undefined && method === 'PUT') return (call) => uploadLfsObject(call, target);
    if (step === 'part' && method === 'PUT') return (call) => uploadLfsPart(call, target, Number(part));
    if (step === 'complete' && method === 'POST') return (call) => completeLfsUpload(call, target);
    return undefined;
  }
  // Git and file URLs: /<namespace>/<name>/... for models, /datasets/<namespace>/<name>/... for datasets.
  const isDataset =
    first === 'datasets' && (namespace.endsWith('.git') || name === 'resolve' || name === 'raw');
  const [owner = '', repoName = '', kind = '', ...tail] = isDataset ? segments.slice(1) : segments;
  const type: RepoType = isDataset ? 'dataset' : 'model';
  if (repoName.endsWith('.git') && kind === 'info' && tail[0] === 'lfs' && method === 'POST') {
    // <prefix>/<namespace>/<name>.git/info/lfs/objects/batch
    const repo: RepoRef = { type, namespace: owner, name: repoName.slice(0, -'.git'.length) };
    return (call) => lfsBatch(call, repo);
  }
  if ((kind === 'resolve' || kind === 'raw') && (method === 'GET' || method === 'HEAD')) {
    // <prefix>/<namespace>/<name>/resolve/<revision>/<path>
    const repo: RepoRef = { type, namespace: owner, name: repoName };
    const [fileRevision = 'main', ...pathSegments] = tail;
    return (call) => resolve(call, repo, fileRevision, pathSegments.join('/'), kind === 'raw');
  }
  return undefined;
}

/** `/api/models/<namespace>/<name>/...` and `/api/datasets/<namespace>/<name>/...`. */
function apiRoute(
  url: URL,
  method: string,
  repo: RepoRef,
  action: string | undefined,
  revision: string,
  rest: string[],
): Route | undefined {
  if (action === 'settings' && method === 'PUT') return (call) => updateSettings(call, repo);
  if (action === 'preupload' && method === 'POST') return (call) => preupload(call, repo, revision);
  if (action === 'commit' && method === 'POST') return (call) => commit(call, repo, revision);
  if ((action === undefined || action === 'revision') && method === 'GET') {
    return (call) => repoInfo(call, repo, action ? revision : 'HEAD');
  }
  if (action === 'tree' && method === 'GET') {
    const recursive = url.searchParams.get('recursive') === 'true';
    const expand = url.searchParams.get('expand') === 'true';
    return (call) => listTree(call, repo, revision, rest.join('/'), { recursive, expand });
  }
  if (action === 'paths-info' && method === 'POST') return (call) => pathsInfo(call, repo, revision);
  return undefined;
}

interface RepoRef {
  type: RepoType;
  namespace: string;
  name: string;
}

/** `namespace/name`, as repos are named in messages and faults. */
function repoId(repo: Pick<RepoRef, 'namespace' | 'name'>): string {
  return `${repo.namespace}/${repo.name}`;
}

function authenticate(request: IncomingMessage, users: readonly LocalHubUser[]): LocalHubUser | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const token = /^Bearer (.+)$/.exec(header)?.[1];
  const user = users.find((candidate) => candidate.token === token);
  if (!user) throw new HubError(401, 'Invalid credentials in Authorization header');
  return user;
}

function requireUser(user: LocalHubUser | undefined): LocalHubUser {
  if (!user) throw new HubError(401, 'You must be authenticated to do this: pass an access token.');
  return user;
}

/** A repo the caller may read; private repos of others look exactly like missing ones. */
async function readableRepo(
  context: HubContext,
  repo: RepoRef,
  user: LocalHubUser | undefined,
): Promise<RepoMeta> {
  const meta = await context.stores[repo.type].getRepo(repo.namespace, repo.name);
  if (!meta || (meta.private && meta.namespace !== user?.name)) {
    throw new HubError(404, `Repository not found: ${repoId(repo)}`, 'RepoNotFound');
  }
  return meta;
}

/** The caller, when its token may write; read tokens are refused every write, as on the Hub. */
function requireWriter(user: LocalHubUser | undefined): LocalHubUser {
  const writer = requireUser(user);
  if (writer.role === 'read') {
    throw new HubError(403, 'This is a read token: it cannot create or change repos. Use a write token.');
  }
  return writer;
}

async function writableRepo(
  context: HubContext,
  repo: RepoRef,
  user: LocalHubUser | undefined,
): Promise<RepoMeta> {
  const writer = requireWriter(user);
  const meta = await readableRepo(context, repo, writer);
  if (meta.namespace !== writer.name) {
    throw new HubError(403, `You don't have the rights to write to ${repoId(repo)}.`);
  }
  return meta;
}

function whoAmI(user: LocalHubUser) {
  return {
    type: 'user',
    id: gitObjectId('blob', Buffer.from(user.name)).slice(0, 24),
    name: user.name,
    fullname: user.name,
    email: `${user.name}@local-hub.invalid`,
    emailVerified: true,
    isPro: false,
    canPay: false,
    avatarUrl: '',
    periodEnd: null,
    billingMode: 'postpaid',
    orgs: [],
    auth: {
      type: 'access_token',
      accessToken: { displayName: 'local-hub', role: user.role ?? 'write', createdAt: new Date(0) },
    },
  };
}

async function createRepo({ context, request, response, user }: HubCall): Promise<void> {
  const creator = requireWriter(user);
  const body = await readJson<{
    name?: string;
    organization?: string;
    type?: string;
    visibility?: string;
    private?: boolean;
  }>(request);
  const namespace = body.organization ?? creator.name;
  const name = body.name ?? '';
  const type = body.type ?? 'model';
  if (type !== 'model' && type !== 'dataset') {
    throw new HubError(400, `The local Hub hosts model and dataset repos, not ${type}s.`);
  }
  if (!REPO_NAME.test(name) || name.includes('--') || name.includes('..')) {
    throw new HubError(
      400,
      `Invalid repo name "${name}": use letters, digits, "-", "_" and ".", at most 96 characters.`,
    );
  }
  if (namespace !== creator.name) {
    throw new HubError(
      403,
      `You don't have the rights to create a ${type} under the namespace "${namespace}".`,
    );
  }
  // The Hub's default visibility is public unless asked otherwise.
  const isPrivate = body.visibility ? body.visibility !== 'public' : body.private === true;
  await context.stores[type].createRepo(namespace, name, isPrivate);
  sendJson(response, 200, {
    url: `${context.baseUrl()}/${type === 'dataset' ? 'datasets/' : ''}${namespace}/${name}`,
    name: `${namespace}/${name}`,
    id: `${namespace}/${name}`,
  });
}

async function updateSettings({ context, request, response, user }: HubCall, repo: RepoRef): Promise<void> {
  await writableRepo(context, repo, user);
  const body = await readJson<{ private?: unknown; visibility?: unknown }>(request);
  const isPrivate =
    typeof body.private === 'boolean'
      ? body.private
      : body.visibility === 'private' || body.visibility === 'public'
        ? body.visibility === 'private'
        : undefined;
  if (isPrivate === undefined) {
    throw new HubError(
      400,
      'Expected "private": true|false or "visibility": "private"|"public" in the settings body.',
    );
  }
  await context.stores[repo.type].setPrivate(repo.namespace, repo.name, isPrivate);
  sendJson(response, 200, {});
}

async function preupload(
  { context, request, response, user }: HubCall,
  repo: RepoRef,
  revision: string,
): Promise<void> {
  const meta = await writableRepo(context, repo, user);
  const head = await context.stores[repo.type].readRevision(meta, revision);
  const body = await readJson<{
    files?: Array<{ path: string; size: number; sample: string }>;
    gitAttributes?: string;
  }>(request);
  const gitattributes =
    body.gitAttributes ?? (await readTreeText(context.stores[repo.type], meta, head.tree['.gitattributes']));
  const files = (body.files ?? []).map((file) => {
    const binary = Buffer.from(file.sample ?? '', 'base64').includes(0);
    const lfs =
      isLfsTracked(gitattributes, validateRepoPath(file.path)) || file.size >= LFS_SIZE_THRESHOLD || binary;
    return {
      path: file.path,
      uploadMode: lfs ? 'lfs' : 'regular',
      shouldIgnore: false,
      oid: head.tree[file.path]?.oid,
    };
  });
  sendJson(response, 200, { files, commitOid: head.id });
}

async function lfsBatch({ context, request, response, user }: HubCall, repo: RepoRef): Promise<void> {
  const meta = await writableRepo(context, repo, user);
  const body = await readJson<{ operation?: string; objects?: Array<{ oid: string; size: number }> }>(
    request,
  );
  if (body.operation !== 'upload') throw new HubError(400, 'The local Hub only supports LFS batch "upload".');
  const objects = await Promise.all(
    (body.objects ?? []).map(async ({ oid, size }) => {
      if (await context.stores[repo.type].hasLfsObject(meta, oid)) return { oid, size };
      const base = `${context.baseUrl()}/lfs-upload/${repo.type}/${meta.namespace}/${meta.name}/${oid}`;
      const query = `?size=${size}&signature=${signUpload(context, repo, oid, size)}`;
      const chunkSize = context.multipartChunkSize;
      if (chunkSize && size > chunkSize) {
        // Multipart: one URL per part under zero-padded part numbers, then a completion POST to `href`.
        const parts = Object.fromEntries(
          Array.from({ length: Math.ceil(size / chunkSize) }, (_, index) => [
            String(index + 1).padStart(5, '0'),
            `${base}/part/${index + 1}${query}`,
          ]),
        );
        const header = { chunk_size: String(chunkSize), ...parts };
        return {
          oid,
          size,
          authenticated: true,
          actions: { upload: { href: `${base}/complete${query}`, header } },
        };
      }
      return {
        oid,
        size,
        authenticated: true,
        actions: { upload: { href: `${base}${query}`, expires_in: 3600 } },
      };
    }),
  );
  response.setHeader('Content-Type', 'application/vnd.git-lfs+json');
  sendJson(response, 200, { transfer: 'basic', objects });
}

interface UploadTarget {
  repo: RepoRef;
  sha256: string;
  /** Carries the size and the signature the LFS batch answer put in the URL. */
  url: URL;
}

async function uploadLfsObject({ context, request, response }: HubCall, target: UploadTarget): Promise<void> {
  const { meta, size } = await verifyUpload(context, target);
  const fault = context.takeFault(repoId(meta), undefined);
  const body = fault ? cutAfter(request, fault.afterBytes ?? 0) : request;
  await context.stores[target.repo.type].storeLfsObject(meta, target.sha256, size, body);
  response.setHeader('ETag', `"${target.sha256}"`);
  response.writeHead(200).end();
}

async function uploadLfsPart(
  { context, request, response }: HubCall,
  target: UploadTarget,
  partNumber: number,
): Promise<void> {
  const { meta } = await verifyUpload(context, target);
  if (!Number.isInteger(partNumber) || partNumber < 1) throw new HubError(400, 'Invalid part number.');
  const etag = await context.stores[target.repo.type].storeLfsPart(meta, target.sha256, partNumber, request);
  response.setHeader('ETag', `"${etag}"`);
  response.writeHead(200).end();
}

async function completeLfsUpload(
  { context, request, response }: HubCall,
  target: UploadTarget,
): Promise<void> {
  const { meta, size } = await verifyUpload(context, target);
  const body = await readJson<{ oid?: string; parts?: Array<{ partNumber: number; etag: string }> }>(request);
  if (body.oid !== target.sha256 || !body.parts?.length) {
    throw new HubError(400, 'The completion body must name the object (oid) and its parts.');
  }
  await context.stores[target.repo.type].assembleLfsObject(meta, target.sha256, size, body.parts);
  sendJson(response, 200, {});
}

/** The repo and size of a signed upload URL, refusing URLs whose signature does not match. */
async function verifyUpload(context: HubContext, { repo, sha256, url }: UploadTarget) {
  const size = Number(url.searchParams.get('size'));
  const expected = Buffer.from(signUpload(context, repo, sha256, size), 'hex');
  const given = Buffer.from(url.searchParams.get('signature') ?? '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new HubError(403, 'Invalid or missing upload signature.');
  }
  const meta = await context.stores[repo.type].getRepo(repo.namespace, repo.name);
  if (!meta) throw new HubError(404, `Repository not found: ${repoId(repo)}`, 'RepoNotFound');
  return { meta, size };
}

/** The request body up to `limit` bytes, then a reset connection, as when a network drops mid-upload. */
async function* cutAfter(request: IncomingMessage, limit: number): AsyncGenerator<Buffer> {
  let received = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    if (received + chunk.length > limit) {
      yield chunk.subarray(0, limit - received);
      request.socket.destroy();
      throw new HubError(400, 'Upload cut by an injected fault.');
    }
    received += chunk.length;
    yield chunk;
  }
}

function signUpload(context: HubContext, repo: RepoRef, sha256: string, size: number): string {
  return createHmac('sha256', context.uploadSecret)
    .update(`${repo.type}/${repo.namespace}/${repo.name}/${sha256}/${size}`)
    .digest('hex');
}

async function commit(
  { context, request, response, user }: HubCall,
  repo: RepoRef,
  branch: string,
): Promise<void> {
  await writableRepo(context, repo, user);
  const lines = (await readBody(request, MAX_JSON_BODY))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  const commitRequest = {
    branch,
    title: '',
    description: '',
    parentCommit: undefined as string | undefined,
    files: [] as Array<{ path: string; content: Buffer }>,
    lfsFiles: [] as Array<{ path: string; sha256: string; size: number }>,
    deletions: [] as string[],
  };
  for (const line of lines) {
    const { key, value } = parseJson<{ key: string; value: Record<string, unknown> }>(line);
    if (key === 'header') {
      commitRequest.title = String(value.summary ?? '');
      commitRequest.description = String(value.description ?? '');
      commitRequest.parentCommit = typeof value.parentCommit === 'string' ? value.parentCommit : undefined;
    } else if (key === 'file') {
      const encoding = value.encoding === 'base64' ? 'base64' : 'utf8';
      commitRequest.files.push({
        path: validateRepoPath(String(value.path)),
        content: Buffer.from(String(value.content ?? ''), encoding),
      });
    } else if (key === 'lfsFile') {
      if (value.algo !== undefined && value.algo !== 'sha256')
        throw new HubError(400, 'LFS files must use sha256.');
      commitRequest.lfsFiles.push({
        path: validateRepoPath(String(value.path)),
        sha256: String(value.oid),
        size: Number(value.size),
      });
    } else if (key === 'deletedFile') {
      commitRequest.deletions.push(validateRepoPath(String(value.path)));
    } else {
      throw new HubError(400, `Unsupported commit operation "${key}".`);
    }
  }
  if (!commitRequest.title) throw new HubError(400, 'The commit header needs a summary.');
  const commitOid = await context.stores[repo.type].commit(repo.namespace, repo.name, commitRequest);
  sendJson(response, 200, {
    success: true,
    commitOid,
    commitUrl: `${context.baseUrl()}/${repo.type === 'dataset' ? 'datasets/' : ''}${repoId(repo)}/commit/${commitOid}`,
    hookOutput: '',
  });
}

/** `modelInfo` and `datasetInfo`: the same fields, less `modelId` for a dataset. */
async function repoInfo(
  { context, response, user }: HubCall,
  repo: RepoRef,
  revision: string,
): Promise<void> {
  const meta = await readableRepo(context, repo, user);
  const head = await context.stores[repo.type].readRevision(meta, revision);
  const id = repoId(meta);
  sendJson(response, 200, {
    _id: gitObjectId('blob', Buffer.from(`${repo.type}/${id}`)).slice(0, 24),
    id,
    ...(repo.type === 'model' && { modelId: id }),
    author: meta.namespace,
    sha: head.id,
    private: meta.private,
    gated: false,
    disabled: false,
    downloads: 0,
    likes: 0,
    tags: [],
    createdAt: meta.createdAt,
    lastModified: head.date,
    siblings: Object.keys(head.tree)
      .sort()
      .map((rfilename) => ({ rfilename })),
  });
}

async function listTree(
  { context, response, user }: HubCall,
  repo: RepoRef,
  revision: string,
  folder: string,
  options: { recursive: boolean; expand: boolean },
): Promise<void> {
  const meta = await readableRepo(context, repo, user);
  const head = await context.stores[repo.type].readRevision(meta, revision);
  const prefix = folder === '' ? '' : `${validateRepoPath(folder)}/`;
  const files = Object.keys(head.tree).filter((path) => path.startsWith(prefix));
  if (prefix !== '' && files.length === 0) {
    throw new HubError(404, `Entry not found: ${folder}`, 'EntryNotFound');
  }
  const directories = new Set<string>();
  const entries: object[] = [];
  for (const path of files.sort()) {
    const parts = path.slice(prefix.length).split('/');
    // Every folder on the way to the file is listed once; without `recursive`, only the first level.
    const depth = options.recursive ? parts.length - 1 : Math.min(1, parts.length - 1);
    for (let level = 1; level <= depth; level++) {
      const directory = prefix + parts.slice(0, level).join('/');
      if (!directories.has(directory)) {
        directories.add(directory);
        entries.push({ type: 'directory', oid: directoryOid(head, directory), size: 0, path: directory });
      }
    }
    if (options.recursive || parts.length === 1) {
      entries.push(fileEntry(head, path, options.expand));
    }
  }
  sendJson(response, 200, entries);
}

async function pathsInfo(
  { context, request, response, user }: HubCall,
  repo: RepoRef,
  revision: string,
): Promise<void> {
  const meta = await readableRepo(context, repo, user);
  const head = await context.stores[repo.type].readRevision(meta, revision);
  const body = await readJson<{ paths?: string[]; expand?: boolean }>(request);
  const entries = (body.paths ?? []).flatMap((path) => {
    validateRepoPath(path);
    if (head.tree[path]) return [fileEntry(head, path, body.expand === true)];
    const isDirectory = Object.keys(head.tree).some((file) => file.startsWith(`${path}/`));
    return isDirectory ? [{ type: 'directory', oid: directoryOid(head, path), size: 0, path }] : [];
  });
  sendJson(response, 200, entries);
}

async function resolve(
  { context, request, response, user }: HubCall,
  repo: RepoRef,
  revision: string,
  path: string,
  raw: boolean,
): Promise<void> {
  const store = context.stores[repo.type];
  const meta = await readableRepo(context, repo, user);
  const head = await store.readRevision(meta, revision);
  const entry = head.tree[validateRepoPath(path)];
  if (!entry) throw new HubError(404, `Entry not found: ${path}`, 'EntryNotFound');
  response.setHeader('X-Repo-Commit', head.id);
  // Faults hit transfers, not the one-byte probe clients send first to learn a file's size and etag.
  const isProbe = request.method === 'HEAD' || request.headers.range === 'bytes=0-0';
  const fault = isProbe ? undefined : context.takeFault(repoId(meta), path);
  if (entry.lfs && !raw) {
    // What the Hub sends for LFS files: the sha256 is the ETag and the linked size the real one.
    response.setHeader('ETag', `"${entry.lfs.sha256}"`);
    response.setHeader('X-Linked-Etag', `"${entry.lfs.sha256}"`);
    response.setHeader('X-Linked-Size', String(entry.size));
    await serveFile(request, response, store.lfsPath(meta, entry.lfs.sha256), entry.size, fault);
    return;
  }
  response.setHeader('ETag', `"${entry.oid}"`);
  const size = entry.lfs ? entry.lfs.pointerSize : entry.size;
  await serveFile(request, response, store.blobPath(meta, entry.oid), size, fault);
}

function fileEntry(head: StoredCommit, path: string, expand: boolean): object {
  const entry: TreeEntry = head.tree[path]!;
  return {
    type: 'file',
    oid: entry.oid,
    size: entry.size,
    path,
    ...(entry.lfs && {
      lfs: { oid: entry.lfs.sha256, size: entry.size, pointerSize: entry.lfs.pointerSize },
    }),
    // The local Hub does not track per-file history: the revision's own commit stands in for the last one.
    ...(expand && { lastCommit: { id: head.id, title: head.title, date: head.date } }),
  };
}

/** A stable id for a folder at a revision (the Hub reports git tree ids; only stability matters to clients). */
function directoryOid(head: StoredCommit, directory: string): string {
  const listing = Object.entries(head.tree)
    .filter(([path]) => path.startsWith(`${directory}/`))
    .map(([path, entry]) => `${path} ${entry.oid}\n`)
    .join('');
  return gitObjectId('tree', Buffer.from(listing));
}

async function readTreeText(store: RepoStore, meta: RepoMeta, entry: TreeEntry | undefined): Promise<string> {
  if (!entry) return '';
  return readFile(store.blobPath(meta, entry.oid), 'utf8');
}

async function readJson<T>(request: IncomingMessage): Promise<T> {
  return parseJson<T>((await readBody(request, MAX_JSON_BODY)).toString('utf8') || '{}');
}

function parseJson<T>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new HubError(400, 'Malformed JSON in the request body.');
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  if (!response.hasHeader('Content-Type'))
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.writeHead(status, { 'Content-Length': Buffer.byteLength(text) }).end(text);
}

function sendError(response: ServerResponse, error: unknown): void {
  if (response.headersSent) {
    // Mid-body failure: the only honest signal left is to drop the connection.
    response.destroy(error instanceof Error ? error : undefined);
    return;
  }
  const hubError =
    error instanceof HubError ? error : new HubError(500, `Internal error: ${(error as Error).message}`);
  response.removeHeader('Content-Type');
  if (hubError.code) response.setHeader('X-Error-Code', hubError.code);
  response.setHeader('X-Error-Message', encodeURIComponent(hubError.message));
  sendJson(response, hubError.status, { error: hubError.message });
}
