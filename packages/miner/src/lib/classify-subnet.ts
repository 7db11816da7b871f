import type { AllModelMetadata, SubnetIdentity } from '@pixel/chain';
import type { ModelId } from '@pixel/constraints';
import type { SubnetRecognition } from '../types/public.js';

/** "pixel" as a word (pixel, pixel-miner, PlixML/pixel; not "pixels"), or the name of the team behind it. */
const PIXEL_MARK = /\bpixel\b|plixml/i;
/** The identity fields that say what a subnet is; a contact or a logo says nothing about it. */
const DESCRIPTIVE_FIELDS = ['subnetName', 'githubRepo', 'subnetUrl', 'description'] as const;
/** Enough of a name or a repo to recognise it in one line of a message. */
const SHOWN_CHARACTERS = 80;

function shown(text: string): string {
  const characters = [...text.trim()];
  return characters.length > SHOWN_CHARACTERS
    ? `${characters.slice(0, SHOWN_CHARACTERS).join('')}…`
    : characters.join('');
}

/** `'404-GEN' (github.com/404-Repo/...)`, or whichever of the two is set. */
function identityLabel(identity: SubnetIdentity): string {
  const name = shown(identity.subnetName);
  const repo = shown(identity.githubRepo);
  if (name && repo) return `'${name}' (${repo})`;
  return name ? `'${name}'` : repo ? `'${repo}'` : 'a subnet whose identity has no name or repo';
}

/**
 * What a pixel miner commits, as validators check it: a ModelId with a commit and a hash, a valid Hub repo id,
 * within 128 bytes, of a known competition (none means the original one, as validators read it).
 */
function isPixelModelId(modelId: ModelId): boolean {
  return modelId.commit !== undefined && modelId.hash !== undefined && modelId.validate().length === 0;
}

/**
 * Whether a subnet looks like a pixel competition, from what its owner and its miners wrote on chain:
 * - an identity that says what the subnet is (a name, repo, URL or description) decides: it is pixel when one
 *   of those mentions "pixel" as a word or PlixML, else it is something else;
 * - without one, the commitments read decide: most of them pixel model ids (a ModelId validators accept, of a
 *   known competition) is pixel, most of them not is something else, none at all says nothing (`unknown`).
 * A guard against mistakes (the wrong netuid or network), not against a subnet pretending to be pixel.
 */
export function classifySubnet(
  identity: SubnetIdentity | undefined,
  sample: AllModelMetadata,
): SubnetRecognition {
  const read = sample.models.size + sample.skipped.length;
  const pixel = [...sample.models.values()].filter(({ modelId }) => isPixelModelId(modelId)).length;
  const commitments = { read, pixel };
  const described = identity && DESCRIPTIVE_FIELDS.some((field) => identity[field].trim() !== '');
  if (identity && described) {
    const mentionsPixel = DESCRIPTIVE_FIELDS.some((field) => PIXEL_MARK.test(identity[field]));
    return mentionsPixel
      ? { verdict: 'pixel', summary: `is ${identityLabel(identity)}`, identity, commitments }
      : {
          verdict: 'foreign',
          summary: `is ${identityLabel(identity)}, and its identity mentions neither pixel nor PlixML`,
          identity,
          commitments,
        };
  }
  const base = { commitments, ...(identity && { identity }) };
  const noIdentity = identity ? 'has an identity that says nothing of what it is' : 'has no identity';
  if (read === 0) return { ...base, verdict: 'unknown', summary: `${noIdentity} and no commitments` };
  const other = read - pixel;
  return other > read / 2
    ? {
        ...base,
        verdict: 'foreign',
        summary: `${noIdentity}, and ${other} of the ${read} commitments read are not pixel model ids`,
      }
    : {
        ...base,
        verdict: 'pixel',
        summary: `${noIdentity}, and ${pixel} of the ${read} commitments read are pixel model ids`,
      };
}
