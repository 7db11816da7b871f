/** A user of the local Hub: owns the namespace `name` and authenticates with `token` (must start with `hf_`). */
export interface LocalHubUser {
  name: string;
  token: string;
  /**
   * The token's role, as whoami reports it: `read` tokens read what the user may read and are refused every
   * write with 403, as on the Hub. Default `write`. Give a user several entries for several tokens.
   */
  role?: 'read' | 'write';
}

/**
 * A transfer fault the local Hub injects, so tests can exercise a client's retry, resume and checksum handling
 * against real sockets. Download faults hit `resolve` transfers of one file (never the one-byte size probe);
 * upload faults hit LFS object uploads to the repo.
 */
export type LocalHubFault = {
  /** Repo id `namespace/name`. */
  repo: string;
  /** For `cut` and `cut-upload`: how many body bytes get through before the connection drops. */
  afterBytes?: number;
  /** How many transfers misbehave before the rest succeed. Default: all of them. */
  times?: number;
} & (
  | {
      /** `cut`: send `afterBytes` bytes of the file, then close the connection. `corrupt`: flip the first body byte. */
      kind: 'cut' | 'corrupt';
      /** Path inside the repo whose downloads misbehave. */
      path: string;
    }
  | {
      /** Read `afterBytes` bytes of an LFS upload, then reset the connection. */
      kind: 'cut-upload';
    }
);

export interface LocalHubOptions {
  /** Where repos are stored; a fresh temporary directory (removed by `stop()`) when omitted. */
  dir?: string;
  users: LocalHubUser[];
  /**
   * Serve LFS objects larger than this many bytes through the Hub's multipart upload (one URL per part, then a
   * completion POST), as the Hub does for large files. Default: single-request ("basic") uploads.
   */
  multipartChunkSize?: number;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
}

/** One request the local Hub received, for tests that check how a client talked to it. */
export interface LocalHubRequest {
  method: string;
  url: string;
  range?: string;
}

/** Which requests `holdRequests` holds: the method (any when omitted) and a pattern of the URL's path. */
export interface LocalHubRequestMatch {
  method?: string;
  path: RegExp;
}

/** Requests held before the local Hub answers them, so a test can act (kill the client) at that exact point. */
export interface LocalHubHold {
  /** Resolves with the first matching request once it has arrived (and is held). */
  arrived: Promise<LocalHubRequest>;
  /** Answers the held requests as usual and stops holding. */
  release(): void;
  /** Closes the held requests' connections without answering (nothing they asked is done) and stops holding. */
  drop(): void;
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
  /** Holds every request matching `match` until the hold is released or dropped. */
  holdRequests(match: LocalHubRequestMatch): LocalHubHold;
  stop(): Promise<void>;
}
