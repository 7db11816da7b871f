import type { ModelLimitViolation, ModelStats } from '../types/public.js';
import type { Competition } from './competitions.js';

function requireCount(field: keyof ModelStats, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`checkModel: ${field} must be a whole number of 0 or more, got ${String(value)}.`);
  }
}

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * Every competition limit the model breaks (empty when it fits): more parameters than the
 * competition allows, or a repo larger than validators download. Equal to a limit is allowed, as
 * in the reference.
 */
export function checkModel(model: ModelStats, competition: Competition): ModelLimitViolation[] {
  requireCount('parameterCount', model.parameterCount);
  requireCount('repoBytes', model.repoBytes);
  const violations: ModelLimitViolation[] = [];
  if (model.parameterCount > competition.maxParameters) {
    violations.push({
      limit: 'maxParameters',
      actual: model.parameterCount,
      allowed: competition.maxParameters,
      message:
        `The model has ${count(model.parameterCount)} parameters, over the ${count(competition.maxParameters)} ` +
        `allowed in competition ${competition.id}.`,
    });
  }
  if (model.repoBytes > competition.maxRepoBytes) {
    violations.push({
      limit: 'maxRepoBytes',
      actual: model.repoBytes,
      allowed: competition.maxRepoBytes,
      message:
        `The repo holds ${count(model.repoBytes)} bytes, over the ${count(competition.maxRepoBytes)} bytes ` +
        `(${competition.maxRepoBytes / 1024 ** 3} GiB) validators download in competition ${competition.id}; ` +
        `save the UNet in bfloat16 and keep only config.json and the safetensors file.`,
    });
  }
  return violations;
}
