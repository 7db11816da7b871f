import { captureStream } from '../test-support/capture-stream.js';
import { createLogger } from './logger.js';

const secret = 'hf_SuperSecretToken123';

describe('createLogger', () => {
  it('writes JSON lines to a non-terminal and redacts secrets inside errors and fields', () => {
    const out = captureStream();
    const logger = createLogger({ level: 'info', secrets: [secret], destination: out.stream });
    logger.error(
      { err: new Error(`token ${secret} rejected`), url: `https://x/?t=${secret}` },
      'upload failed',
    );
    logger.info({ token: 'typed-on-the-command-line' }, 'by field name');
    logger.debug('below the level');
    const lines = out
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(out.text()).not.toContain(secret);
    expect(lines[0]).toMatchObject({
      level: 50,
      msg: 'upload failed',
      url: 'https://x/?t=[redacted]',
      err: expect.objectContaining({ message: 'token [redacted] rejected' }),
    });
    expect(lines[1]).toMatchObject({ token: '[redacted]' });
  });

  it('pretty-prints on a terminal, redacted too', () => {
    const out = captureStream({ isTTY: true });
    const logger = createLogger({
      level: 'info',
      secrets: [secret],
      destination: out.stream,
      colorize: false,
    });
    logger.warn(`retrying with ${secret}`);
    expect(out.text()).toMatch(/^\[\d\d:\d\d:\d\d\] WARN: retrying with \[redacted\]\n$/);
  });
});
