import { PassThrough } from 'node:stream';
import { UsageError } from '@pixel/constraints';
import { captureStream } from '../test-support/capture-stream.js';
import { createPrompter } from './prompt.js';

const yesNo = (answer: string): boolean => {
  if (/^y(es)?$/i.test(answer)) return true;
  if (/^no?$/i.test(answer)) return false;
  throw new Error('Please answer y or n.');
};

describe('createPrompter', () => {
  it('takes the default on an empty line, asks again after a bad answer, keeps answers typed ahead', async () => {
    const input = new PassThrough();
    const output = captureStream();
    const prompter = createPrompter({ input, output: output.stream });
    input.write('\nmaybe\nn\n./out\n');
    expect(await prompter.ask('Number of samples', '10000', Number)).toBe(10000);
    expect(await prompter.ask('Preprocess the images?', 'y', yesNo)).toBe(false);
    expect(await prompter.ask('Output folder', './preprocessed_images', String)).toBe('./out');
    prompter.close();
    expect(output.text()).toBe(
      'Number of samples [10000]: Preprocess the images? [y]: Please answer y or n.\nPreprocess the images? [y]: Output folder [./preprocessed_images]: ',
    );
  });

  it('fails with a hint when the input ends before an answer, as a usage error (exit code 2)', async () => {
    const input = new PassThrough();
    const prompter = createPrompter({ input, output: captureStream().stream });
    input.end();
    const asking = prompter.ask('Output folder', './out', String);
    await expect(asking).rejects.toThrow(
      'No answer to "Output folder" (input closed); pass the answer as a flag instead.',
    );
    await expect(asking).rejects.toBeInstanceOf(UsageError);
  });
});
