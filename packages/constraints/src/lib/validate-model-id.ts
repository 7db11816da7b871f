import type { ModelIdProblem } from '../types/public.js';
import { COMPETITIONS, MAX_METADATA_BYTES, MAX_REPO_ID_BYTES } from './competitions.js';
import type { ModelId } from './model-id.js';

/** huggingface_hub's validate_repo_id caps the repo name at 96 characters. */
const MAX_REPO_NAME_LENGTH = 96;
/** Competition ids are 1..5 characters in the reference. */
const MAX_COMPETITION_ID_LENGTH = 5;
const GIT_SHA = /^[0-9a-f]{40}$/;
/** base64 of a 32-byte sha256: 43 characters and one "=" of padding. */
const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;
/** The Hub only accepts ASCII letters, digits, "-", "_" and "." in namespaces and repo names. */
const REPO_ID_CHARACTER = /^[A-Za-z0-9_.-]$/;

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Hugging Face repo-id rules (huggingface_hub validate_repo_id) for one part of the id. */
function repoIdPartProblems(field: 'namespace' | 'name', value: string): ModelIdProblem[] {
  const problem = (message: string): ModelIdProblem => ({ field, message });
  if (value.length === 0) {
    return [problem(`ModelId ${field} is empty: give the Hugging Face ${field} (1 or more characters).`)];
  }
  const problems: ModelIdProblem[] = [];
  const invalid = [...new Set([...value].filter((c) => !REPO_ID_CHARACTER.test(c)))];
  if (invalid.length > 0) {
    const listed = invalid.map((c) => JSON.stringify(c)).join(', ');
    problems.push(
      problem(
        `ModelId ${field} ${JSON.stringify(value)} contains ${listed}: Hugging Face repo ids allow only ` +
          `ASCII letters, digits, "-", "_" and ".".`,
      ),
    );
  }
  for (const edge of ['-', '.']) {
    if (value.startsWith(edge) || value.endsWith(edge)) {
      problems.push(
        problem(
          `ModelId ${field} ${JSON.stringify(value)} starts or ends with "${edge}", which Hugging Face rejects.`,
        ),
      );
    }
  }
  for (const pair of ['--', '..']) {
    if (value.includes(pair)) {
      problems.push(
        problem(`ModelId ${field} ${JSON.stringify(value)} contains "${pair}", which Hugging Face rejects.`),
      );
    }
  }
  if (field === 'name' && value.endsWith('.git')) {
    problems.push(
      problem(`ModelId name ${JSON.stringify(value)} ends with ".git", which Hugging Face rejects.`),
    );
  }
  if (field === 'name' && value.length > MAX_REPO_NAME_LENGTH) {
    problems.push(
      problem(
        `ModelId name is ${value.length} characters, over the Hugging Face limit of ${MAX_REPO_NAME_LENGTH}.`,
      ),
    );
  }
  return problems;
}

function competitionIdProblems(competitionId: string): ModelIdProblem[] {
  const length = [...competitionId].length;
  if (length < 1 || length > MAX_COMPETITION_ID_LENGTH) {
    return [
      {
        field: 'competitionId',
        message: `ModelId competitionId ${JSON.stringify(competitionId)} is ${length} characters; competition ids are 1 to ${MAX_COMPETITION_ID_LENGTH}.`,
      },
    ];
  }
  if (!COMPETITIONS.some((c) => c.id === competitionId)) {
    const known = COMPETITIONS.map((c) => c.id).join(', ');
    return [
      {
        field: 'competitionId',
        message: `ModelId competitionId ${JSON.stringify(competitionId)} is not a competition of subnet 17; use one of: ${known}.`,
      },
    ];
  }
  return [];
}

/**
 * Every reason a ModelId would be rejected before or after it reaches the chain: Hugging Face
 * repo-id rules, the 38-byte namespace+name budget, the commit and hash formats, the competition
 * and the 128-byte limit of the compressed string (all lengths in UTF-8 bytes, as the chain counts).
 * Absent commit, hash or competition id are allowed (written as `None`). Empty means valid.
 */
export function validateModelId(modelId: ModelId): ModelIdProblem[] {
  const problems = [
    ...repoIdPartProblems('namespace', modelId.namespace),
    ...repoIdPartProblems('name', modelId.name),
  ];

  const repoIdBytes = utf8Bytes(modelId.namespace) + utf8Bytes(modelId.name);
  if (repoIdBytes > MAX_REPO_ID_BYTES) {
    problems.push({
      field: 'repoId',
      message:
        `ModelId namespace + name are ${repoIdBytes} bytes (UTF-8), over the limit of ${MAX_REPO_ID_BYTES}: ` +
        `use a shorter repo name.`,
    });
  }
  if (modelId.commit !== undefined && !GIT_SHA.test(modelId.commit)) {
    problems.push({
      field: 'commit',
      message: `ModelId commit ${JSON.stringify(modelId.commit)} (${modelId.commit.length} characters) is not a git commit sha: expected 40 lowercase hex characters.`,
    });
  }
  if (modelId.hash !== undefined && !BASE64_SHA256.test(modelId.hash)) {
    problems.push({
      field: 'hash',
      message: `ModelId hash ${JSON.stringify(modelId.hash)} (${modelId.hash.length} characters) is not a base64 sha256: expected 44 characters as hashDirectory returns.`,
    });
  }
  if (modelId.competitionId !== undefined) problems.push(...competitionIdProblems(modelId.competitionId));

  const compressedBytes = utf8Bytes(modelId.toCompressedString());
  if (compressedBytes > MAX_METADATA_BYTES) {
    problems.push({
      field: 'compressed',
      message:
        `ModelId compressed string is ${compressedBytes} bytes (UTF-8), over the chain commitment limit of ` +
        `${MAX_METADATA_BYTES}: shorten the namespace or name.`,
    });
  }
  return problems;
}
