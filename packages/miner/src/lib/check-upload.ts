import { HotkeyNotRegisteredError, requireRegisteredUid } from '@pixel/chain';
import { checkModel, getCompetition, ModelId, type Competition } from '@pixel/constraints';
import {
  checkWriteAccess,
  InvalidRepoIdError,
  InvalidTokenError,
  MissingTokenError,
  NamespaceAccessDeniedError,
  parseRepoId,
} from '@pixel/hub';
import type { UploadCheckInput, UploadProblem } from '../types/public.js';
import { countUnetParameters } from './count-unet-parameters.js';
import { DTYPE_BYTES } from './dtype-bytes.js';
import { CONTENT_SUFFIX_LENGTH, pushRepoId } from './push-model-repo-id.js';
import { resolveUnetDir } from './resolve-unet-dir.js';

/** Stand-ins of the real lengths (git sha, base64 sha256) so the id is measured as it will be committed. */
const PLACEHOLDER_COMMIT = '0'.repeat(40);
const PLACEHOLDER_HASH = `${'A'.repeat(43)}=`;
/** The default suffix (content hash digits) is only known once the model is converted; its length is fixed. */
const PLACEHOLDER_SUFFIX = '0'.repeat(CONTENT_SUFFIX_LENGTH);
/** What the Hub allows in a repo name. */
const SUFFIX_CHARACTERS = /^[A-Za-z0-9._-]*$/;

/** Why the Hub would refuse `repo` as a repo id (its grammar, `parseRepoId`), or undefined when it would not. */
function hubRefusal(repo: string): string | undefined {
  try {
    parseRepoId(repo);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidRepoIdError) return error.reason;
    throw error;
  }
}

function repoIdProblems(
  repo: string,
  repoSuffix: string | undefined,
  competitionId: string | undefined,
): UploadProblem[] {
  const refused = hubRefusal(repo);
  if (refused !== undefined) {
    return [
      {
        check: 'repoId',
        message: `--hf_repo_id "${repo}" is not a Hub repo id: ${refused}. Use "<namespace>/<name>", e.g. my-user/sdxl-m6.`,
      },
    ];
  }
  if (repoSuffix !== undefined && !SUFFIX_CHARACTERS.test(repoSuffix)) {
    return [
      {
        check: 'repoId',
        message: `The repo suffix "${repoSuffix}" may only hold letters, digits, "-", "_" and ".".`,
      },
    ];
  }
  const suffix = repoSuffix ?? PLACEHOLDER_SUFFIX;
  const target = pushRepoId(repo, suffix);
  const refusedWithSuffix = hubRefusal(target);
  if (refusedWithSuffix !== undefined) {
    return [
      {
        check: 'repoId',
        message: `The repo ${target} (--hf_repo_id with its suffix) is not a Hub repo id: ${refusedWithSuffix}. Choose another --repo_suffix.`,
      },
    ];
  }
  const [namespace = '', name = ''] = target.split('/');
  const modelId = new ModelId({
    namespace,
    name,
    commit: PLACEHOLDER_COMMIT,
    hash: PLACEHOLDER_HASH,
    competitionId,
  });
  const suffixNote =
    suffix === ''
      ? ''
      : ` The model goes to ${repo}-${repoSuffix ?? '<8 hex digits of its content hash>'}, whose suffix adds ` +
        `${suffix.length + 1} bytes: shorten the name, or choose a shorter suffix (--repo_suffix).`;
  // The competition id is checked on its own (with the valid ids in the message).
  return modelId
    .validate()
    .filter((problem) => problem.field !== 'competitionId')
    .map((problem) => ({ check: 'repoId', message: problem.message + suffixNote }));
}

/** Whether the token is one the Hub knows and may create repos in the namespace; a Hub that does not answer throws. */
async function tokenProblems(input: UploadCheckInput): Promise<UploadProblem[]> {
  const [namespace] = input.repo.split('/');
  if (input.accessToken && !namespace) return [];
  try {
    await checkWriteAccess({
      namespace: namespace ?? '',
      accessToken: input.accessToken,
      hubUrl: input.hubUrl,
    });
    return [];
  } catch (error) {
    if (error instanceof MissingTokenError) {
      return [
        {
          check: 'token',
          message:
            'No Hugging Face access token: set HF_ACCESS_TOKEN in the environment or in a .env file ' +
            '(a write token from https://huggingface.co/settings/tokens).',
        },
      ];
    }
    if (error instanceof InvalidTokenError || error instanceof NamespaceAccessDeniedError) {
      return [{ check: 'token', message: error.message }];
    }
    throw error;
  }
}

async function modelProblems(
  modelDir: string,
  competition: Competition | undefined,
  bytesPerParameter: number,
): Promise<UploadProblem[]> {
  let parameterCount: number;
  try {
    parameterCount = await countUnetParameters(await resolveUnetDir(modelDir));
  } catch (error) {
    return [{ check: 'model', message: (error as Error).message }];
  }
  if (!competition) return [];
  // The weights dominate the repo; `push` measures the real files again before uploading.
  const repoBytes = parameterCount * bytesPerParameter;
  return checkModel({ parameterCount, repoBytes }, competition).map((violation) => ({
    check: violation.limit === 'maxParameters' ? 'parameters' : 'repoSize',
    message: violation.message,
  }));
}

async function registrationProblems(chain: UploadCheckInput['chain']): Promise<UploadProblem[]> {
  if (!chain) return [];
  try {
    await requireRegisteredUid(chain.subtensor, chain.netuid, chain.hotkey);
    return [];
  } catch (error) {
    if (error instanceof HotkeyNotRegisteredError) return [{ check: 'registration', message: error.message }];
    throw error;
  }
}

/**
 * Every reason validators, the Hub or the chain would refuse this upload, found without publishing
 * anything: competition id, repo id length (with its suffix), parameter count and repo size (estimated from
 * the config and the dtype), the access token (the Hub's whoami: known, a write token, allowed to create
 * repos in the namespace), and the hotkey's registration. Empty when the upload can go ahead. A Hub or chain
 * that does not answer is thrown (exit code 3), not listed.
 */
export async function checkUpload(input: UploadCheckInput): Promise<UploadProblem[]> {
  const problems: UploadProblem[] = [];
  let competition: Competition | undefined;
  try {
    competition = getCompetition(input.competitionId);
  } catch (error) {
    problems.push({ check: 'competition', message: (error as Error).message });
  }
  problems.push(...repoIdProblems(input.repo, input.repoSuffix, input.competitionId));
  problems.push(
    ...(await modelProblems(input.modelDir, competition, DTYPE_BYTES[input.dtype ?? 'bfloat16'])),
  );
  problems.push(...(await tokenProblems(input)));
  problems.push(...(await registrationProblems(input.chain)));
  return problems;
}
