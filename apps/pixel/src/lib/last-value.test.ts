import { lastValue } from './last-value.js';

describe('lastValue', () => {
  it('keeps a single value and takes the last of repeated ones', () => {
    expect(lastValue('finney')).toBe('finney');
    expect(lastValue(['test', 'local'])).toBe('local');
  });
});
