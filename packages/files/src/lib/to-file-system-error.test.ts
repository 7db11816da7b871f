import { FileSystemError, toFileSystemError } from '../index.js';

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: raw message`), { code });
}

describe('toFileSystemError', () => {
  it('turns a full disk into the path, the reason and the fix', () => {
    const error = toFileSystemError(errno('ENOSPC'), '/data/out/x.png', {
      action: 'write',
      elsewhere: 'or choose another folder with --output',
    }) as FileSystemError;
    expect(error).toBeInstanceOf(FileSystemError);
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(
      'Cannot write /data/out/x.png: no space left on the device. Free disk space there, or choose another ' +
        'folder with --output, and run again.',
    );
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('keeps an unknown errno code and its words', () => {
    const error = toFileSystemError(errno('EWHATEVER'), '/x', { action: 'read' }) as Error;
    expect(error.message).toBe(
      'Cannot read /x: EWHATEVER: EWHATEVER: raw message. Check the path, and run again.',
    );
  });

  it('returns other errors unchanged', () => {
    const plain = new Error('not a file-system error');
    expect(toFileSystemError(plain, '/x', { action: 'read' })).toBe(plain);
    const already = toFileSystemError(errno('EACCES'), '/y', { action: 'read' });
    expect(toFileSystemError(already, '/z', { action: 'write' })).toBe(already);
  });

  it('leaves errors whose code is not an errno code alone (a server error, a Node argument error)', () => {
    const notFound = Object.assign(new Error('Invalid rev id: main'), { code: 'RevisionNotFound' });
    expect(toFileSystemError(notFound, '/x', { action: 'write' })).toBe(notFound);
    const badArgument = Object.assign(new TypeError('The "data" argument must be a string'), {
      code: 'ERR_INVALID_ARG_TYPE',
    });
    expect(toFileSystemError(badArgument, '/x', { action: 'write' })).toBe(badArgument);
  });
});
