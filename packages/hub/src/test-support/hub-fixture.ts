import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { startLocalHub, type LocalHub, type LocalHubOptions } from '@pixel-tools/local-hub';
import { createTemporaryDirectory } from '@pixel-tools/test-support';

export const MINER = { name: 'miner', token: 'hf_miner_secret_token_0123456789' };
export const RIVAL = { name: 'rival', token: 'hf_rival_secret_token_9876543210' };
/** A read token of the user "miner". */
export const MINER_READER = { name: 'miner', token: 'hf_miner_read_token_5555555555', role: 'read' as const };

export interface HubFixture {
  hub: LocalHub;
  /** A scratch directory removed by `close()`. */
  work: string;
  close(): Promise<void>;
}

/** A local Hub with two users, and a scratch directory, for one test file. */
export async function openHubFixture(options: Omit<LocalHubOptions, 'users'> = {}): Promise<HubFixture> {
  const hub = await startLocalHub({ ...options, users: [MINER, RIVAL, MINER_READER] });
  const work = await createTemporaryDirectory('hub-test');
  return {
    hub,
    work,
    async close() {
      await hub.stop();
      await rm(work, { recursive: true, force: true });
    },
  };
}

/**
 * A HubFixture opened before this test file's tests and closed after them: call at the top level of
 * the file. Its fields are filled in before any test, and before hooks registered after this call, run.
 */
export function useHubFixture(options: Omit<LocalHubOptions, 'users'> = {}): HubFixture {
  const fixture = {} as HubFixture;
  beforeAll(async () => {
    Object.assign(fixture, await openHubFixture(options));
  });
  // Guarded so that a failed start-up is reported as itself, not as a missing close().
  afterAll(async () => {
    if (fixture.close) await fixture.close();
  });
  return fixture;
}

/** Write a folder of files (path → content); a number makes that many random bytes. */
export async function writeFolder(folder: string, files: Record<string, string | number>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), typeof content === 'number' ? randomBytes(content) : content);
  }
}

/** A tiny UNet folder as the reference pushes it: config.json + safetensors weights (LFS). */
export async function writeTinyUnet(folder: string, weightBytes = 256 * 1024): Promise<void> {
  await writeFolder(folder, {
    'config.json': JSON.stringify({ _class_name: 'UNet2DConditionModel', sample_size: 128 }),
    'diffusion_pytorch_model.safetensors': weightBytes,
  });
}

/** The error a promise rejects with; fails the test if it resolves instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('Expected a rejection, but the promise resolved.');
    },
    (error: Error) => error,
  );
}
