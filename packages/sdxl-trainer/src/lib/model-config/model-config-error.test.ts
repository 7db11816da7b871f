import { UsageError } from '@pixel/constraints';
import { ModelConfigError } from './model-config-error.js';

describe('ModelConfigError', () => {
  it('is a UsageError naming the component, the field and the problem', () => {
    const error = new ModelConfigError('UNet', 'layers_per_block', 'is -1; allowed: an integer from 1 to 8.');
    expect(error).toBeInstanceOf(UsageError);
    expect(error.exitCode).toBe(2);
    expect(error.name).toBe('ModelConfigError');
    expect(error.message).toBe(
      'Invalid UNet config: "layers_per_block" is -1; allowed: an integer from 1 to 8.',
    );
  });

  it('inFile names the file in a ModelConfigError and lets other errors through unchanged', () => {
    const thrown = (check: () => unknown): unknown => {
      try {
        return ModelConfigError.inFile('/m/config.json', check);
      } catch (error) {
        return error;
      }
    };
    const named = thrown(() => {
      throw new ModelConfigError('VAE', 'act_fn', 'is "relu".');
    }) as ModelConfigError;
    expect(named).toBeInstanceOf(ModelConfigError);
    expect(named.file).toBe('/m/config.json');
    expect(named.message).toBe('Invalid VAE config /m/config.json: "act_fn" is "relu".');
    const other = new Error('disk');
    expect(
      thrown(() => {
        throw other;
      }),
    ).toBe(other);
    expect(thrown(() => 5)).toBe(5);
  });
});
