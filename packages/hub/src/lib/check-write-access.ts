import { whoAmI } from '@huggingface/hub';
import { MissingTokenError, NamespaceAccessDeniedError } from '../errors.js';
import type { HubCredentials, WriteAccess } from '../types/public.js';
import { createHubFetch } from '../utils/create-hub-fetch.js';
import { translateHubError } from '../utils/translate-hub-error.js';

/** Organisation roles that may create repos (the Hub's `roleInOrg`). */
const WRITING_ORG_ROLES = new Set(['admin', 'write', 'contributor']);

/**
 * Checks, before anything is uploaded, that the token is one the Hub knows (whoami) and may create and write
 * model repos in `namespace`: the token's own user or one of its organisations with a writing role, and not
 * a read token. Fine-grained tokens are accepted as they are: their per-repo permissions are only enforced
 * by the upload itself. Answers the token's user and role.
 */
export async function checkWriteAccess(params: { namespace: string } & HubCredentials): Promise<WriteAccess> {
  if (!params.accessToken) throw new MissingTokenError(`Uploading to the namespace "${params.namespace}"`);
  const hub = createHubFetch();
  let me: Awaited<ReturnType<typeof whoAmI>>;
  try {
    me = await whoAmI({ accessToken: params.accessToken, hubUrl: params.hubUrl, fetch: hub.fetch });
  } catch (error) {
    throw translateHubError(error, {
      repo: params.namespace,
      authenticated: true,
      errorCode: hub.lastErrorCode(),
    });
  }
  const role = me.auth.accessToken?.role ?? 'write';
  if (role === 'read') {
    throw new NamespaceAccessDeniedError(
      params.namespace,
      me.name,
      'but it is a read token: it cannot create or write repos',
    );
  }
  if (me.name !== params.namespace) {
    const orgs = 'orgs' in me ? (me.orgs as Array<{ name: string; roleInOrg?: string }>) : [];
    const org = orgs.find((candidate) => candidate.name === params.namespace);
    if (!org || (org.roleInOrg !== undefined && !WRITING_ORG_ROLES.has(org.roleInOrg))) {
      throw new NamespaceAccessDeniedError(
        params.namespace,
        me.name,
        `which may not create repos under "${params.namespace}"`,
      );
    }
  }
  return { user: me.name, role };
}
