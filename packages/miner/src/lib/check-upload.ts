import { HotkeyNotRegisteredError, requireRegisteredUid } from '@pixel/chain';
import { checkModel, getCompetition, ModelId, type Competition } from '@pixel/constraints';
import type { UploadCheckInput, UploadProblem } from '../types/public.js';
import { countUnetParameters } from './count-unet-parameters.js';
import { DTYPE_BYTES } from './dtype-bytes.js';
import { resolveUnetDir } from './resolve-unet-dir.js';

/** Stand-ins of the real lengths (git sha, base64 sha256) so the id is measured as it will be committed. */
const PLACEHOLDER_COMMIT = '0'.repeat(40);
const PLACEHOLDER_HASH = `${'A'.repeat(43)}=`;

function repoIdProblems(repo: string, competitionId: string | undefined): UploadProblem[] {
  const parts = repo.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    return [
      {
        check: 'repoId',
        message: `--hf_repo_id "${repo}" is not "<namespace>/<name>" (e.g. my-user/sdxl-m6).`,
      },
    ];
  }
  const modelId = new ModelId({
    namespace: parts[0],
    name: parts[1],
    commit: PLACEHOLDER_COMMIT,
    hash: PLACEHOLDER_HASH,
    competitionId,
  });
  // The competition id is checked on its own (with the valid ids in the message).
  return modelId
    .validate()
    .filter((problem) => problem.field !== 'competitionId')
    .map((problem) => ({ check: 'repoId', message: problem.message }));
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
 * anything: competition id, repo id length, parameter count and repo size (estimated from the config and
 * the dtype), the access token, and the hotkey's registration. Empty when the upload can go ahead.
 */
export async function checkUpload(input: UploadCheckInput): Promise<UploadProblem[]> {
  const problems: UploadProblem[] = [];
  let competition: Competition | undefined;
  try {
    competition = getCompetition(input.competitionId);
  } catch (error) {
    problems.push({ check: 'competition', message: (error as Error).message });
  }
  problems.push(...repoIdProblems(input.repo, input.competitionId));
  problems.push(
    ...(await modelProblems(input.modelDir, competition, DTYPE_BYTES[input.dtype ?? 'bfloat16'])),
  );
  if (!input.accessToken) {
    problems.push({
      check: 'token',
      message:
        'No Hugging Face access token: set HF_ACCESS_TOKEN in the environment or in a .env file ' +
        '(a write token from https://huggingface.co/settings/tokens).',
    });
  }
  problems.push(...(await registrationProblems(input.chain)));
  return problems;
}
