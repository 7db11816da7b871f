import { PassThrough } from 'node:stream';

import { promptPassword } from './prompt-password.js';

describe('promptPassword', () => {
  it('shows the question, reads the answer and does not echo it', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
    const answer = promptPassword('Coldkey password: ', input, output);
    input.write('s3cret words\n');
    expect(await answer).toBe('s3cret words');
    expect(shown).toContain('Coldkey password: ');
    expect(shown).not.toContain('s3cret');
  });
});
