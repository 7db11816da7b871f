/** A user of the local Hub: owns the namespace `name` and authenticates with `token` (must start with `hf_`). */
export interface LocalHubUser {
  name: string;
  token: string;
}

/**
 * A transfer fault the local Hub injects into `resolve` downloads of one file, so tests can exercise
 * a client's retry, resume and checksum handling against real sockets.
 */
export interface LocalHubFault {
  /** Repo id `namespace/name` and path inside the repo whose downloads misbehave. */
  repo: string;
  path: string;
  /** `cut`: send `afterBytes` bytes of the body, then destroy the socket. `corrupt`: flip the first body byte. */
  kind: 'cut' | 'corrupt';
  /** For `cut`: how many body bytes reach the client before the connection drops. */
  afterBytes?: number;
  /** How many downloads misbehave before the file is served normally again. Default: forever. */
  times?: number;
}

export interface LocalHubOptions {
  /** Where repos are stored; a fresh temporary directory (removed by `stop()`) when omitted. */
  dir?: string;
  users: LocalHubUser[];
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
}

/** One request the local Hub received, for tests that check how a client talked to it. */
export interface LocalHubRequest {
  method: string;
  url: string;
  range?: string;
}

export interface LocalHub {
  /** Base URL to pass as `hubUrl` to `@huggingface/hub`, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Directory holding the repos. */
  dir: string;
  /** Requests received so far, oldest first. */
  readonly requests: readonly LocalHubRequest[];
  injectFault(fault: LocalHubFault): void;
  clearFaults(): void;
  stop(): Promise<void>;
}
