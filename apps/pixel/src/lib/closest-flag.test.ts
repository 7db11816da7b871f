import { closestFlag } from './closest-flag.js';

const DATASET_FLAGS = [
  'help',
  'log-level',
  'version',
  'num-samples',
  'mj-version',
  'output',
  'o',
  'yes',
  'y',
];

describe('closestFlag', () => {
  it('finds a flag a typo or two away', () => {
    expect(closestFlag('num-sample', DATASET_FLAGS)).toBe('num-samples');
    expect(closestFlag('mj-verison', DATASET_FLAGS)).toBe('mj-version');
    expect(closestFlag('log-levl', DATASET_FLAGS)).toBe('log-level');
  });

  it('treats _ and - alike, and prefers the spelling typed when both are known', () => {
    expect(closestFlag('dry_run', ['dry-run'])).toBe('dry-run');
    expect(closestFlag('cache_dri', ['cache_dir', 'cache-dir'])).toBe('cache_dir');
    expect(closestFlag('cache-dri', ['cache_dir', 'cache-dir'])).toBe('cache-dir');
  });

  it('finds the longer flag a typed name starts', () => {
    expect(closestFlag('hf-repo', ['load_model_dir', 'hf_repo_id'])).toBe('hf_repo_id');
  });

  it('suggests nothing when no flag is close, nor one-letter aliases, nor for short names', () => {
    expect(closestFlag('frobnicate', DATASET_FLAGS)).toBeUndefined();
    expect(closestFlag('netuid', ['help', 'log-level', 'version', 'json'])).toBeUndefined();
    expect(closestFlag('x', DATASET_FLAGS)).toBeUndefined();
    expect(closestFlag('ys', DATASET_FLAGS)).toBeUndefined();
  });
});
