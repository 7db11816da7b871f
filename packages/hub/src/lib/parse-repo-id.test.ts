import { InvalidRepoIdError } from '../errors.js';
import { parseRepoId } from './parse-repo-id.js';

describe('parseRepoId', () => {
  it('reads namespace/name', () => {
    expect(parseRepoId('my-user/sdxl_m6.v2')).toEqual({
      id: 'my-user/sdxl_m6.v2',
      namespace: 'my-user',
      name: 'sdxl_m6.v2',
    });
  });

  it('reads namespace/name@revision (a commit, branch or tag) only when a revision is allowed', () => {
    const commit = '0123456789abcdef0123456789abcdef01234567';
    expect(parseRepoId(`me/repo@${commit}`, { allowRevision: true })).toEqual({
      id: 'me/repo',
      namespace: 'me',
      name: 'repo',
      revision: commit,
    });
    expect(parseRepoId('me/repo@refs/pr/1', { allowRevision: true }).revision).toBe('refs/pr/1');
    expect(parseRepoId('me/repo', { allowRevision: true }).revision).toBeUndefined();
    expect(() => parseRepoId('me/repo@main')).toThrow(
      'Invalid repo id "me/repo@main": a revision ("@main") is not accepted here',
    );
  });

  it.each([
    ['no-slash', 'expected exactly one "/"'],
    ['a/b/c', 'expected exactly one "/"'],
    ['/name', '"" may only hold letters, digits'],
    ['./model', '"." may only hold letters, digits'],
    ['a/../b', 'expected exactly one "/"'],
    ['ns/bad--name', '"bad--name" may only hold letters, digits, "-", "_" and "." (no "--" or ".."'],
    ['ns/-name', '"-name" may only hold'],
    [`ns/${'x'.repeat(97)}`, 'at most 96 characters'],
    ['me/repo@', 'the revision "" may only hold'],
    ['me/repo@a..b', 'the revision "a..b" may only hold'],
    ['me/repo@/main', 'the revision "/main" may only hold'],
    ['me/repo@ma in', 'the revision "ma in" may only hold'],
    [`me/repo@${'x'.repeat(256)}`, 'at most 255 characters'],
  ])('refuses %s, saying why', (text, reason) => {
    let refusal: unknown;
    try {
      parseRepoId(text, { allowRevision: true });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(InvalidRepoIdError);
    expect((refusal as InvalidRepoIdError).reason).toContain(reason);
    expect((refusal as InvalidRepoIdError).message).toContain('Use "<namespace>/<name>"');
  });
});
