import type { AllModelMetadata, SubnetIdentity } from '@pixel/chain';
import { ModelId } from '@pixel/constraints';
import { classifySubnet } from './classify-subnet.js';

const NO_IDENTITY: SubnetIdentity = {
  subnetName: '',
  githubRepo: '',
  subnetContact: '',
  subnetUrl: '',
  discord: '',
  description: '',
  logoUrl: '',
  additional: '',
};
const identity = (fields: Partial<SubnetIdentity>): SubnetIdentity => ({ ...NO_IDENTITY, ...fields });
const GEN_404 = identity({
  subnetName: '404—GEN',
  githubRepo: 'https://github.com/404-Repo/404-gen-subnet',
  description: 'Decentralised 3D generation',
});

const COMMIT = 'c'.repeat(40);
const HASH = `${'H'.repeat(43)}=`;
const pixelModelId = (name: string, competitionId: string | undefined = 'm6') =>
  new ModelId({ namespace: 'miner', name, commit: COMMIT, hash: HASH, competitionId });

/** Commitments as the chain's readers give them: ModelIds that parse, and the unreadable ones' reasons. */
function commitments(models: ModelId[], unreadable = 0): AllModelMetadata {
  return {
    models: new Map(models.map((modelId, index) => [`hotkey-${index}`, { modelId, block: 10 + index }])),
    skipped: Array.from({ length: unreadable }, (_, index) => ({
      hotkey: `other-${index}`,
      reason: 'its first field is Sha256, not Raw bytes',
    })),
  };
}
const NONE = commitments([]);

describe('classifySubnet', () => {
  it('takes an identity naming another project as another project, whatever is committed there', () => {
    const recognition = classifySubnet(GEN_404, commitments([pixelModelId('a'), pixelModelId('b')]));
    expect(recognition).toMatchObject({
      verdict: 'foreign',
      summary:
        "is '404—GEN' (https://github.com/404-Repo/404-gen-subnet), and its identity mentions neither pixel nor PlixML",
      identity: GEN_404,
      commitments: { read: 2, pixel: 2 },
    });
  });

  it('recognises pixel in the name, the repo, the URL or the description, as a word', () => {
    for (const fields of [
      { subnetName: 'pixel' },
      { subnetName: 'Pixel-SN', githubRepo: 'https://github.com/someone/fork' },
      { githubRepo: 'https://github.com/PlixML/pixel' },
      { subnetName: 'SDXL tuning', subnetUrl: 'https://pixel.example' },
      { subnetName: 'SDXL tuning', description: 'A fork of the PlixML competition' },
    ]) {
      expect(classifySubnet(identity(fields), NONE)).toMatchObject({ verdict: 'pixel' });
    }
    expect(classifySubnet(identity({ githubRepo: 'https://github.com/PlixML/pixel' }), NONE).summary).toBe(
      "is 'https://github.com/PlixML/pixel'",
    );
    // "pixels" is not the name of the competition.
    const threeD = identity({ subnetName: 'Voxel', description: 'Meshes from pixels' });
    expect(classifySubnet(threeD, NONE).verdict).toBe('foreign');
  });

  it('lets the commitments decide when the identity says nothing of what the subnet is', () => {
    const contactOnly = identity({ subnetContact: 'owner@example.com' });
    expect(classifySubnet(contactOnly, commitments([], 3))).toMatchObject({
      verdict: 'foreign',
      summary:
        'has an identity that says nothing of what it is, and 3 of the 3 commitments read are not pixel model ids',
      identity: contactOnly,
    });
  });

  it('without an identity: most commitments not pixel model ids is another project, most of them pixel is pixel', () => {
    expect(classifySubnet(undefined, commitments([pixelModelId('a')], 2))).toEqual({
      verdict: 'foreign',
      summary: 'has no identity, and 2 of the 3 commitments read are not pixel model ids',
      commitments: { read: 3, pixel: 1 },
    });
    expect(classifySubnet(undefined, commitments([pixelModelId('a'), pixelModelId('b')], 1))).toEqual({
      verdict: 'pixel',
      summary: 'has no identity, and 2 of the 3 commitments read are pixel model ids',
      commitments: { read: 3, pixel: 2 },
    });
    // Half and half is no majority against.
    expect(classifySubnet(undefined, commitments([pixelModelId('a')], 1)).verdict).toBe('pixel');
  });

  it('counts a ModelId of an unknown competition, or without a commit and hash, as not pixel; none as the original one', () => {
    const otherCompetition = pixelModelId('a', 'x9');
    const noHash = new ModelId({ namespace: 'miner', name: 'b', commit: COMMIT, competitionId: 'm6' });
    const noCompetition = pixelModelId('c', undefined);
    expect(classifySubnet(undefined, commitments([otherCompetition, noHash, noCompetition]))).toMatchObject({
      verdict: 'foreign',
      commitments: { read: 3, pixel: 1 },
    });
  });

  it('cannot tell without an identity and without commitments', () => {
    expect(classifySubnet(undefined, NONE)).toEqual({
      verdict: 'unknown',
      summary: 'has no identity and no commitments',
      commitments: { read: 0, pixel: 0 },
    });
  });

  it('shows at most 80 characters of a name', () => {
    const long = identity({ subnetName: 'n'.repeat(1024) });
    expect(classifySubnet(long, NONE).summary).toBe(
      `is '${'n'.repeat(80)}…', and its identity mentions neither pixel nor PlixML`,
    );
  });
});
