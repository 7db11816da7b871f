import { PixelError, UnavailableError, UsageError } from '../index.js';

class ExampleProblemError extends PixelError {
  constructor(readonly detail: string) {
    super(`Example problem: ${detail}. Fix the example.`);
  }
}

describe('PixelError', () => {
  it("names each error after its own class, in the stack's first line too", () => {
    const error = new ExampleProblemError('a detail');
    expect(error.name).toBe('ExampleProblemError');
    expect(String(error)).toBe('ExampleProblemError: Example problem: a detail. Fix the example.');
    expect(error.stack?.split('\n')[0]).toBe(String(error));
    expect(new PixelError('plain').name).toBe('PixelError');
  });

  it('is an Error, a PixelError and its own class, and keeps the cause', () => {
    const cause = new Error('root');
    const error = new PixelError('wrapped', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(new ExampleProblemError('x')).toBeInstanceOf(PixelError);
    expect(error.cause).toBe(cause);
  });
});

describe('exit codes', () => {
  it('are 1 for a failed command, 2 for wrong input and 3 for a service that did not answer', () => {
    class ChainUnreachable extends UnavailableError {}
    expect(new PixelError('failed').exitCode).toBe(1);
    expect(new UsageError('bad flag').exitCode).toBe(2);
    expect(new UnavailableError('no answer').exitCode).toBe(3);
    expect(new ChainUnreachable('refused').exitCode).toBe(3);
    expect(new ChainUnreachable('refused')).toBeInstanceOf(PixelError);
    expect(new ChainUnreachable('refused').name).toBe('ChainUnreachable');
  });
});
