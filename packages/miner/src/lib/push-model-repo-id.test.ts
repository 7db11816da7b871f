import { pushRepoId } from './push-model-repo-id.js';

describe('pushRepoId', () => {
  it('appends the suffix, or 8 hex digits of the content hash, and nothing for an empty suffix', () => {
    expect(pushRepoId('miner/sdxl-m6', 'v2')).toBe('miner/sdxl-m6-v2');
    expect(pushRepoId('miner/sdxl-m6', '')).toBe('miner/sdxl-m6');
    const contentHash = Buffer.from('0123456789abcdef0123456789abcdef', 'hex').toString('base64');
    expect(pushRepoId('miner/sdxl-m6', { contentHash })).toBe('miner/sdxl-m6-01234567');
  });
});
