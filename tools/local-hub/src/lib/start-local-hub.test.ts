import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalHub } from '../types/public.js';
import { startLocalHub } from './start-local-hub.js';

const alice = { name: 'alice', token: 'hf_alice_token' };
const bob = { name: 'bob', token: 'hf_bob_token' };
const aliceReader = { name: 'alice', token: 'hf_alice_read_token', role: 'read' as const };

let hub: LocalHub;

beforeAll(async () => {
  hub = await startLocalHub({ users: [alice, bob, aliceReader] });
});

afterAll(async () => {
  await hub.stop();
});

function call(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const { token, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return fetch(`${hub.url}${path}`, { ...rest, headers });
}

function createRepo(name: string, token: string, visibility: 'private' | 'public') {
  return call('/api/repos/create', {
    method: 'POST',
    token,
    body: JSON.stringify({
      name,
      organization: token === alice.token ? 'alice' : 'bob',
      type: 'model',
      visibility,
    }),
  });
}

function commitFiles(repo: string, token: string, lines: object[]) {
  return call(`/api/models/${repo}/commit/main`, {
    method: 'POST',
    token,
    headers: { 'Content-Type': 'application/x-ndjson' },
    body: lines.map((line) => JSON.stringify(line)).join('\n'),
  });
}

const header = { key: 'header', value: { summary: 'test commit' } };

interface Json {
  name: string;
  sha: string;
  siblings: Array<{ rfilename: string }>;
  commitOid: string;
  objects: Array<{ actions: { upload: { href: string } } }>;
}

async function json(response: Response): Promise<Json> {
  return (await response.json()) as Json;
}

async function jsonList(response: Response): Promise<Array<{ path: string; type: string }>> {
  return (await response.json()) as Array<{ path: string; type: string }>;
}

describe('startLocalHub', () => {
  it('answers whoami for a valid token and 401 for an unknown one', async () => {
    const me = await call('/api/whoami-v2', { token: alice.token });
    expect(me.status).toBe(200);
    expect((await json(me)).name).toBe('alice');
    expect((await call('/api/whoami-v2', { token: 'hf_unknown' })).status).toBe(401);
    expect((await call('/api/whoami-v2')).status).toBe(401);
  });

  it('creates repos with an initial .gitattributes commit and real 40-hex commit ids', async () => {
    expect((await createRepo('first', alice.token, 'public')).status).toBe(200);
    expect((await createRepo('first', alice.token, 'public')).status).toBe(409);
    const info = await json(await call('/api/models/alice/first/revision/main'));
    expect(info.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(info.siblings).toEqual([{ rfilename: '.gitattributes' }]);

    const committed = await commitFiles('alice/first', alice.token, [
      header,
      {
        key: 'file',
        value: {
          path: 'dir/hello.txt',
          content: Buffer.from('hello').toString('base64'),
          encoding: 'base64',
        },
      },
    ]);
    const { commitOid } = await json(committed);
    expect(commitOid).toMatch(/^[0-9a-f]{40}$/);
    expect(commitOid).not.toBe(info.sha);

    const tree = await jsonList(await call(`/api/models/alice/first/tree/${commitOid}?recursive=true`));
    expect(tree.map((entry: { path: string; type: string }) => `${entry.type}:${entry.path}`)).toEqual([
      'file:.gitattributes',
      'directory:dir',
      'file:dir/hello.txt',
    ]);
    // The old revision is still readable at its commit id.
    const old = await jsonList(await call(`/api/models/alice/first/tree/${info.sha}?recursive=true`));
    expect(old).toHaveLength(1);
  });

  it('needs the owner token for writes', async () => {
    await createRepo('owned', alice.token, 'public');
    expect((await commitFiles('alice/owned', bob.token, [header])).status).toBe(403);
    expect((await commitFiles('alice/owned', '', [header])).status).toBe(401);
    expect(
      (
        await createRepo('intruder', bob.token, 'public').then(() =>
          call('/api/repos/create', {
            method: 'POST',
            token: bob.token,
            body: JSON.stringify({ name: 'x', organization: 'alice', type: 'model' }),
          }),
        )
      ).status,
    ).toBe(403);
  });

  it("reports a read token's role and refuses its writes, as the Hub does", async () => {
    const me = (await (await call('/api/whoami-v2', { token: aliceReader.token })).json()) as {
      name: string;
      auth: { accessToken: { role: string } };
    };
    expect([me.name, me.auth.accessToken.role]).toEqual(['alice', 'read']);
    expect((await createRepo('read-only', aliceReader.token, 'private')).status).toBe(403);
    await createRepo('readable', alice.token, 'private');
    expect((await call('/api/models/alice/readable', { token: aliceReader.token })).status).toBe(200);
    expect((await commitFiles('alice/readable', aliceReader.token, [header])).status).toBe(403);
  });

  it('holds matching requests until they are released or dropped', async () => {
    await createRepo('held', alice.token, 'public');
    const hold = hub.holdRequests({ method: 'GET', path: /^\/api\/models\/alice\/held$/ });
    let answered = false;
    const pending = call('/api/models/alice/held').then((response) => {
      answered = true;
      return response.status;
    });
    expect(await hold.arrived).toMatchObject({ method: 'GET', url: '/api/models/alice/held' });
    // Other requests pass while one is held.
    expect((await call('/api/models/alice/held/revision/main')).status).toBe(200);
    expect(answered).toBe(false);
    hold.release();
    expect(await pending).toBe(200);

    const dropped = hub.holdRequests({ path: /^\/api\/models\/alice\/held$/ });
    const refused = call('/api/models/alice/held').then(
      () => 'answered',
      () => 'connection closed',
    );
    await dropped.arrived;
    dropped.drop();
    expect(await refused).toBe('connection closed');
    expect((await call('/api/models/alice/held')).status).toBe(200);
  });

  it('hides private repos from other users and anonymous readers', async () => {
    await createRepo('secret', alice.token, 'private');
    expect((await call('/api/models/alice/secret/revision/main', { token: alice.token })).status).toBe(200);
    for (const token of [bob.token, undefined]) {
      const response = await call('/api/models/alice/secret/revision/main', { token });
      expect(response.status).toBe(404);
      expect(response.headers.get('X-Error-Code')).toBe('RepoNotFound');
      expect((await call('/alice/secret/resolve/main/.gitattributes', { token })).status).toBe(404);
    }
    const published = await call('/api/models/alice/secret/settings', {
      method: 'PUT',
      token: alice.token,
      body: JSON.stringify({ private: false }),
    });
    expect(published.status).toBe(200);
    expect((await call('/api/models/alice/secret/revision/main')).status).toBe(200);
  });

  it('tells a missing revision from a missing file', async () => {
    await createRepo('revisions', alice.token, 'public');
    const revision = await call(`/api/models/alice/revisions/revision/${'0'.repeat(40)}`);
    expect(revision.status).toBe(404);
    expect(revision.headers.get('X-Error-Code')).toBe('RevisionNotFound');
    const entry = await call('/alice/revisions/resolve/main/missing.bin');
    expect(entry.status).toBe(404);
    expect(entry.headers.get('X-Error-Code')).toBe('EntryNotFound');
  });

  it('rejects paths with ".." in commits and downloads', async () => {
    await createRepo('paths', alice.token, 'public');
    const escaping = await commitFiles('alice/paths', alice.token, [
      header,
      { key: 'file', value: { path: '../escape.txt', content: '', encoding: 'base64' } },
    ]);
    expect(escaping.status).toBe(400);
    // fetch() normalises "..", so send the raw request line the way a hostile client could.
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${hub.url}/alice/paths/resolve/main/..%2F..%2Frepo.json`, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(400);
  });

  it('uploads LFS objects through signed URLs, verifies their sha256 and serves ranges with the Hub headers', async () => {
    await createRepo('weights', alice.token, 'public');
    const content = Buffer.alloc(4096, 7);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const batch = await call('/alice/weights.git/info/lfs/objects/batch', {
      method: 'POST',
      token: alice.token,
      body: JSON.stringify({
        operation: 'upload',
        transfers: ['basic'],
        objects: [{ oid: sha256, size: content.length }],
      }),
    });
    const { objects } = await json(batch);
    const href = objects[0]!.actions.upload.href;

    const tampered = await fetch(href.replace(/signature=[0-9a-f]/, 'signature=x'), {
      method: 'PUT',
      body: content,
    });
    expect(tampered.status).toBe(403);
    const wrongBytes = await fetch(href, { method: 'PUT', body: Buffer.alloc(4096, 8) });
    expect(wrongBytes.status).toBe(400);
    expect((await fetch(href, { method: 'PUT', body: content })).status).toBe(200);

    const committed = await commitFiles('alice/weights', alice.token, [
      header,
      {
        key: 'lfsFile',
        value: { path: 'model.safetensors', algo: 'sha256', size: content.length, oid: sha256 },
      },
    ]);
    const { commitOid } = await json(committed);

    const ranged = await call('/alice/weights/resolve/main/model.safetensors', {
      headers: { Range: 'bytes=100-' },
    });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('Content-Range')).toBe('bytes 100-4095/4096');
    expect(ranged.headers.get('X-Linked-Etag')).toBe(`"${sha256}"`);
    expect(ranged.headers.get('X-Linked-Size')).toBe('4096');
    expect(ranged.headers.get('X-Repo-Commit')).toBe(commitOid);
    expect(Buffer.from(await ranged.arrayBuffer())).toEqual(content.subarray(100));
    expect(
      (await call('/alice/weights/resolve/main/model.safetensors', { headers: { Range: 'bytes=5000-' } }))
        .status,
    ).toBe(416);

    const pointer = await (await call('/alice/weights/raw/main/model.safetensors')).text();
    expect(pointer).toContain(`oid sha256:${sha256}`);

    // A commit naming an LFS object that was never uploaded is refused.
    const missing = await commitFiles('alice/weights', alice.token, [
      header,
      { key: 'lfsFile', value: { path: 'other.safetensors', algo: 'sha256', size: 1, oid: 'a'.repeat(64) } },
    ]);
    expect(missing.status).toBe(422);
  });

  it('injects cut and corrupt faults into downloads', async () => {
    await createRepo('faulty', alice.token, 'public');
    await commitFiles('alice/faulty', alice.token, [
      header,
      {
        key: 'file',
        value: { path: 'data.txt', content: Buffer.alloc(1000, 1).toString('base64'), encoding: 'base64' },
      },
    ]);
    hub.injectFault({ repo: 'alice/faulty', path: 'data.txt', kind: 'cut', afterBytes: 10, times: 1 });
    await expect(
      call('/alice/faulty/resolve/main/data.txt').then((response) => response.arrayBuffer()),
    ).rejects.toThrow();
    hub.injectFault({ repo: 'alice/faulty', path: 'data.txt', kind: 'corrupt', times: 1 });
    const corrupted = Buffer.from(await (await call('/alice/faulty/resolve/main/data.txt')).arrayBuffer());
    expect(corrupted[0]).toBe(1 ^ 0xff);
    const healthy = Buffer.from(await (await call('/alice/faulty/resolve/main/data.txt')).arrayBuffer());
    expect(healthy).toEqual(Buffer.alloc(1000, 1));
  });
});

describe('startLocalHub dataset repos', () => {
  it('hosts dataset repos beside models under /api/datasets and /datasets/..., as the Hub does', async () => {
    const create = (type: string) =>
      call('/api/repos/create', {
        method: 'POST',
        token: alice.token,
        body: JSON.stringify({ name: 'shared-name', type, private: false }),
      });
    expect((await create('dataset')).status).toBe(200);
    expect((await create('dataset')).status).toBe(409);
    // A model of the same name is another repo.
    expect((await create('model')).status).toBe(200);
    expect((await create('space')).status).toBe(400);

    const content = Buffer.alloc(2048, 3);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const batch = await call('/datasets/alice/shared-name.git/info/lfs/objects/batch', {
      method: 'POST',
      token: alice.token,
      body: JSON.stringify({ operation: 'upload', objects: [{ oid: sha256, size: content.length }] }),
    });
    const href = (await json(batch)).objects[0]!.actions.upload.href;
    expect((await fetch(href, { method: 'PUT', body: content })).status).toBe(200);
    const committed = await call('/api/datasets/alice/shared-name/commit/main', {
      method: 'POST',
      token: alice.token,
      body: [
        header,
        { key: 'lfsFile', value: { path: 'data/train-0.parquet', algo: 'sha256', size: 2048, oid: sha256 } },
        {
          key: 'file',
          value: { path: 'README.md', content: Buffer.from('# data').toString('base64'), encoding: 'base64' },
        },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    });
    const { commitOid } = await json(committed);

    const info = await json(await call('/api/datasets/alice/shared-name/revision/main?expand=sha'));
    expect(info.sha).toBe(commitOid);
    const tree = await jsonList(
      await call(`/api/datasets/alice/shared-name/tree/${commitOid}?recursive=true`),
    );
    expect(tree.map((entry) => `${entry.type}:${entry.path}`)).toEqual([
      'file:.gitattributes',
      'file:README.md',
      'directory:data',
      'file:data/train-0.parquet',
    ]);
    const paths = await call('/api/datasets/alice/shared-name/paths-info/main', {
      method: 'POST',
      body: JSON.stringify({ paths: ['data/train-0.parquet'] }),
    });
    expect(await paths.json()).toEqual([
      expect.objectContaining({
        path: 'data/train-0.parquet',
        size: 2048,
        lfs: expect.objectContaining({ oid: sha256 }),
      }),
    ]);
    const file = await call('/datasets/alice/shared-name/resolve/main/data/train-0.parquet', {
      headers: { Range: 'bytes=2040-' },
    });
    expect(file.status).toBe(206);
    expect(file.headers.get('X-Repo-Commit')).toBe(commitOid);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(content.subarray(2040));

    // The model of the same name holds none of it.
    const model = await jsonList(await call('/api/models/alice/shared-name/tree/main?recursive=true'));
    expect(model.map((entry) => entry.path)).toEqual(['.gitattributes']);
    expect((await call('/alice/shared-name/resolve/main/README.md')).status).toBe(404);
    expect((await call('/api/datasets/alice/missing/revision/main')).headers.get('X-Error-Code')).toBe(
      'RepoNotFound',
    );
  });
});

describe('startLocalHub with a directory', () => {
  it('keeps repos across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'local-hub-persist-'));
    try {
      const first = await startLocalHub({ dir, users: [alice] });
      const created = await fetch(`${first.url}/api/repos/create`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${alice.token}` },
        body: JSON.stringify({ name: 'kept', organization: 'alice', visibility: 'private' }),
      });
      expect(created.status).toBe(200);
      await first.stop();

      const second = await startLocalHub({ dir, users: [alice] });
      const info = await fetch(`${second.url}/api/models/alice/kept/revision/main`, {
        headers: { Authorization: `Bearer ${alice.token}` },
      });
      expect(info.status).toBe(200);
      expect((await json(info)).sha).toMatch(/^[0-9a-f]{40}$/);
      await second.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
