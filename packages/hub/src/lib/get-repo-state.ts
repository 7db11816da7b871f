import { modelInfo } from '@huggingface/hub';
import { RepoNotFoundError } from '../errors.js';
import type { HubCredentials, RepoState } from '../types/public.js';
import { createHubFetch } from '../utils/create-hub-fetch.js';
import { parseRepoId } from './parse-repo-id.js';
import { translateHubError } from '../utils/translate-hub-error.js';

/**
 * Whether the model repo exists for this token, is private, and its head commit; undefined when it does not
 * exist or is another user's private repo (the Hub answers both alike). The upload flow decides with it
 * whether a revision may go there without being downloadable before its chain commitment.
 */
export async function getRepoState(
  params: { repo: string } & HubCredentials,
): Promise<RepoState | undefined> {
  const { id: repo } = parseRepoId(params.repo);
  const hub = createHubFetch();
  try {
    const info = await modelInfo({
      name: repo,
      accessToken: params.accessToken,
      hubUrl: params.hubUrl,
      fetch: hub.fetch,
      additionalFields: ['sha'],
    });
    return { private: info.private, head: info.sha };
  } catch (error) {
    const translated = translateHubError(error, {
      repo,
      authenticated: params.accessToken !== undefined,
      errorCode: hub.lastErrorCode(),
    });
    if (translated instanceof RepoNotFoundError) return undefined;
    throw translated;
  }
}
