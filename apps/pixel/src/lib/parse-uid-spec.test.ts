import { parseUidSpec } from './parse-uid-spec.js';

describe('parseUidSpec', () => {
  it('reads uid:<n>, leaves folders and Hub ids alone, and names the flag of a malformed uid', () => {
    expect(parseUidSpec('uid:12', '--model')).toBe(12);
    expect(parseUidSpec('uid:0', '--model')).toBe(0);
    expect(parseUidSpec('miner/sdxl@main', '--model')).toBeUndefined();
    expect(parseUidSpec('./uid', '--model')).toBeUndefined();
    expect(() => parseUidSpec('uid:abc', '--pretrained_unet_model_name_or_path')).toThrow(
      '--pretrained_unet_model_name_or_path uid:abc: a uid is written uid:<number>, e.g. uid:12.',
    );
    expect(() => parseUidSpec('uid:-1', '--model')).toThrow('a uid is written uid:<number>');
  });
});
