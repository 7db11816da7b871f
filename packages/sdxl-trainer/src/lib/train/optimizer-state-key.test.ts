import { optimizerStateKey } from './optimizer-state-key.js';

describe('optimizerStateKey', () => {
  it("names a state tensor by its slot and its parameter's diffusers key", () => {
    const keys = ['conv_in.weight', 'conv_in.bias'];
    expect(optimizerStateKey('0.exp_avg', keys)).toBe('exp_avg.conv_in.weight');
    expect(optimizerStateKey('1.exp_avg_sq_row', keys)).toBe('exp_avg_sq_row.conv_in.bias');
    expect(() => optimizerStateKey('2.exp_avg', keys)).toThrow(
      'No parameter for optimizer state "2.exp_avg".',
    );
  });
});
