import { HUB_URL, HubApiError } from '@huggingface/hub';
import { MissingTokenError } from '../errors.js';
import type { HubCredentials } from '../types/public.js';
import { createHubFetch } from '../utils/create-hub-fetch.js';
import { parseRepoId } from './parse-repo-id.js';
import { translateHubError } from '../utils/translate-hub-error.js';

/**
 * Make a model repo private or public. `@huggingface/hub` has no call for it, so this sends the Hub's
 * settings request (`PUT /api/models/<repo>/settings`) itself. The upload flow publishes the repo only
 * around the chain commitment and hides it again if that fails.
 */
export async function setRepoVisibility(
  params: { repo: string; visibility: 'private' | 'public' } & HubCredentials,
): Promise<void> {
  const { id: repo } = parseRepoId(params.repo);
  if (!params.accessToken) throw new MissingTokenError(`Changing the visibility of ${repo}`);
  const hub = createHubFetch();
  try {
    const response = await hub.fetch(`${params.hubUrl ?? HUB_URL}/api/models/${repo}/settings`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${params.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ private: params.visibility === 'private' }),
    });
    if (!response.ok) {
      throw new HubApiError(response.url, response.status, undefined, await response.text());
    }
  } catch (error) {
    throw translateHubError(error, { repo, authenticated: true, errorCode: hub.lastErrorCode() });
  }
}
