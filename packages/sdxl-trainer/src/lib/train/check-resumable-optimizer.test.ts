import { UsageError } from '@pixel/constraints';
import { parseTrainOptions } from '../train-options/parse-train-options.js';
import { checkResumableOptimizer } from './check-resumable-optimizer.js';
import type { TrainingState } from './types.js';

const BEFORE_ADAFACTOR: TrainingState = {
  format: 1,
  globalStep: 2,
  seed: 7,
  smoothedLoss: 0.5,
  datasetLength: 4,
  maxTrainSteps: 10,
};
const ADAFACTOR: TrainingState = {
  ...BEFORE_ADAFACTOR,
  optimizer: {
    type: 'adafactor',
    options: { relativeStep: false, scaleParameter: false, warmupInit: false, beta1: 0.9 },
  },
};

function options(flags: Record<string, unknown>) {
  return parseTrainOptions({ pretrained_model_name_or_path: 'p', train_data_dir: 'd', ...flags }).options;
}

describe('checkResumableOptimizer', () => {
  const adafactor = (args: string[]) =>
    options({ optimizer_type: 'adafactor', optimizer_args: ['relative_step=False', ...args] });

  it('continues with the optimizer that wrote the checkpoint, whatever its other settings', () => {
    expect(() => checkResumableOptimizer(BEFORE_ADAFACTOR, 'out/checkpoint-2', options({}))).not.toThrow();
    expect(() =>
      checkResumableOptimizer(ADAFACTOR, 'out/checkpoint-2', adafactor(['beta1=0.8', 'weight_decay=0.1'])),
    ).not.toThrow();
  });

  it('refuses another optimizer type, or a first moment the state lacks or has, naming the fix', () => {
    const refusal = (state: TrainingState, flags: ReturnType<typeof options>) => {
      try {
        checkResumableOptimizer(state, 'out/checkpoint-2', flags);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error('expected a refusal');
    };
    expect(refusal(BEFORE_ADAFACTOR, adafactor([]))).toBe(
      "out/checkpoint-2 was trained with --optimizer_type adamw, this run asks for adafactor: its optimizer.safetensors holds AdamW's two moments of every parameter, which Adafactor cannot continue from. Resume with --optimizer_type adamw, or start a new run in another --output_dir from its weights (--pretrained_unet_model_name_or_path out/checkpoint-2/unet).",
    );
    expect(refusal(ADAFACTOR, options({}))).toBe(
      "out/checkpoint-2 was trained with --optimizer_type adafactor, this run asks for adamw: its optimizer.safetensors holds Adafactor's factored second moments, which AdamW cannot continue from. Resume with --optimizer_type adafactor and its --optimizer_args, or start a new run in another --output_dir from its weights (--pretrained_unet_model_name_or_path out/checkpoint-2/unet).",
    );
    expect(refusal(ADAFACTOR, adafactor([]))).toBe(
      'out/checkpoint-2 was trained with Adafactor with beta1=0.9, and this run sets no beta1: a first moment is optimizer state the checkpoint has. Resume with --optimizer_args beta1=0.9, or start a new run in another --output_dir from its weights (--pretrained_unet_model_name_or_path out/checkpoint-2/unet).',
    );
  });
});
