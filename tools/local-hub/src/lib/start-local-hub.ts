import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  LocalHub,
  LocalHubFault,
  LocalHubHold,
  LocalHubOptions,
  LocalHubRequest,
  LocalHubRequestMatch,
} from '../types/public.js';
import { createRequestHandler } from './create-request-handler.js';
import { RepoStore } from './repo-store.js';

/**
 * Start a local Hugging Face Hub on 127.0.0.1 that `@huggingface/hub` can talk to through its `hubUrl`
 * option. Repos live under `dir` (a fresh temporary directory by default, removed again by `stop()`).
 */
export async function startLocalHub(options: LocalHubOptions): Promise<LocalHub> {
  for (const user of options.users) {
    // @huggingface/hub refuses tokens without the prefix before sending them.
    if (!user.token.startsWith('hf_')) throw new Error(`Token of user "${user.name}" must start with "hf_".`);
  }
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'local-hub-')));
  const requests: LocalHubRequest[] = [];
  const faults: Array<LocalHubFault & { remaining: number }> = [];
  const holds: Array<{ match: LocalHubRequestMatch; held(request: LocalHubRequest): Promise<boolean> }> = [];
  let baseUrl = '';

  const handle = createRequestHandler({
    stores: {
      model: new RepoStore(join(dir, 'repos'), 'model'),
      dataset: new RepoStore(join(dir, 'dataset-repos'), 'dataset'),
    },
    users: options.users,
    baseUrl: () => baseUrl,
    uploadSecret: randomBytes(32),
    multipartChunkSize: options.multipartChunkSize,
    takeFault(repo, path) {
      const fault = faults.find(
        (candidate) =>
          candidate.repo === repo &&
          (candidate.kind === 'cut-upload' ? path === undefined : candidate.path === path),
      );
      if (!fault) return undefined;
      fault.remaining -= 1;
      if (fault.remaining <= 0) faults.splice(faults.indexOf(fault), 1);
      return fault;
    },
  });
  const server = createServer((request, response) => {
    const received: LocalHubRequest = {
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      ...(request.headers.range && { range: request.headers.range }),
    };
    requests.push(received);
    const path = new URL(received.url, 'http://local-hub').pathname;
    const hold = holds.find(
      ({ match }) => (match.method ?? received.method) === received.method && match.path.test(path),
    );
    if (!hold) {
      void handle(request, response);
      return;
    }
    void hold.held(received).then((answer) => {
      if (answer) void handle(request, response);
      else request.socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    dir,
    requests,
    injectFault(fault) {
      faults.push({ ...fault, remaining: fault.times ?? Infinity });
    },
    clearFaults() {
      faults.length = 0;
    },
    holdRequests(match): LocalHubHold {
      let arrive!: (request: LocalHubRequest) => void;
      const arrived = new Promise<LocalHubRequest>((resolve) => (arrive = resolve));
      let decide!: (answer: boolean) => void;
      const decision = new Promise<boolean>((resolve) => (decide = resolve));
      const hold = {
        match,
        held(request: LocalHubRequest) {
          arrive(request);
          return decision;
        },
      };
      holds.push(hold);
      const end = (answer: boolean) => {
        const index = holds.indexOf(hold);
        if (index >= 0) holds.splice(index, 1);
        decide(answer);
      };
      return { arrived, release: () => end(true), drop: () => end(false) };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownsDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
