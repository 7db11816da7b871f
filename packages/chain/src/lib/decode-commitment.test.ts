import { decodeCommitment } from './decode-commitment.js';

const hex = (text: string | Uint8Array) => `0x${Buffer.from(text).toString('hex')}`;

describe('decodeCommitment', () => {
  it('reads a Raw field holding a ModelId compressed string, with its block', () => {
    const decoded = decodeCommitment({
      block: 42,
      info: { fields: [{ raw30: hex('me:sdxl:abc:ZZZ=:m6') }] },
    });
    expect(decoded.ok && decoded.metadata.block).toBe(42);
    expect(decoded.ok && decoded.metadata.modelId.toCompressedString()).toBe('me:sdxl:abc:ZZZ=:m6');
  });

  it('explains instead of throwing for malformed commitments', () => {
    expect(decodeCommitment({ info: { fields: [] } })).toEqual({
      ok: false,
      reason: 'the commitment has no fields',
    });
    expect(decodeCommitment({ info: { fields: [{ sha256: hex('x') }] } })).toEqual({
      ok: false,
      reason: 'its first field is sha256, not Raw bytes',
    });
    expect(decodeCommitment({ info: { fields: ['None'] } })).toEqual({
      ok: false,
      reason: 'its first field is None, not Raw bytes',
    });
    expect(decodeCommitment({ info: { fields: [{ raw2: hex(new Uint8Array([0xff, 0xfe])) }] } })).toEqual({
      ok: false,
      reason: 'its raw2 field is not valid UTF-8',
    });
    const wrongShape = decodeCommitment({ info: { fields: [{ raw5: hex('hello') }] } });
    expect(wrongShape.ok).toBe(false);
    expect(!wrongShape.ok && wrongShape.reason).toMatch(/expected namespace:name:commit:hash/);
  });
});
