import { MAX_METADATA_BYTES, MAX_REPO_ID_BYTES, ModelId, validateModelId } from '../index.js';
import { referenceVectors } from '@pixel-tools/test-support';

const vectors = referenceVectors();
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const HASH = 'qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq=';

const messagesFor = (fields: ConstructorParameters<typeof ModelId>[0]) =>
  validateModelId(new ModelId(fields)).map((p) => `${p.field}: ${p.message}`);

describe('validateModelId', () => {
  it('uses the reference limits', () => {
    expect(MAX_METADATA_BYTES).toBe(vectors.max_metadata_bytes);
    expect(MAX_REPO_ID_BYTES).toBe(vectors.max_repo_id_length);
  });

  it.each(vectors.model_ids.filter((v) => v.fields).map((v) => [v.compressed]))(
    'accepts the vector %s',
    (text) => {
      expect(ModelId.fromCompressedString(text).validate()).toEqual([]);
    },
  );

  it('accepts namespace + name of exactly 38 bytes and rejects 39, naming the length', () => {
    const at = {
      namespace: 'a'.repeat(19),
      name: 'b'.repeat(19),
      commit: COMMIT,
      hash: HASH,
      competitionId: 'm6',
    };
    expect(messagesFor(at)).toEqual([]);
    expect(messagesFor({ ...at, name: 'b'.repeat(20) })).toEqual([
      'repoId: ModelId namespace + name are 39 bytes (UTF-8), over the limit of 38: use a shorter repo name.',
      // 38 + commit 40 + hash 44 + "m6" 2 + 4 separators is exactly 128: one byte more breaks both limits.
      'compressed: ModelId compressed string is 129 bytes (UTF-8), over the chain commitment limit of 128: shorten the namespace or name.',
    ]);
  });

  it('counts UTF-8 bytes, not characters, and reports every problem at once', () => {
    // 20 "é" are 20 characters but 40 bytes.
    expect(messagesFor({ namespace: 'é'.repeat(20), name: 'model' })).toEqual([
      `namespace: ModelId namespace "${'é'.repeat(20)}" contains "é": Hugging Face repo ids allow only ASCII letters, digits, "-", "_" and ".".`,
      'repoId: ModelId namespace + name are 45 bytes (UTF-8), over the limit of 38: use a shorter repo name.',
    ]);
  });

  it('rejects a compressed string over 128 bytes, naming its length', () => {
    const tooLong = new ModelId({
      namespace: 'ns',
      name: 'n',
      commit: COMMIT,
      hash: HASH + 'x'.repeat(40),
      competitionId: 'm6',
    });
    expect(tooLong.validate()).toContainEqual({
      field: 'compressed',
      message:
        'ModelId compressed string is 133 bytes (UTF-8), over the chain commitment limit of 128: shorten the namespace or name.',
    });
  });

  it.each([
    ['', 'name: ModelId name is empty: give the Hugging Face name (1 or more characters).'],
    ['-model', 'name: ModelId name "-model" starts or ends with "-", which Hugging Face rejects.'],
    ['model.', 'name: ModelId name "model." starts or ends with ".", which Hugging Face rejects.'],
    ['my--model', 'name: ModelId name "my--model" contains "--", which Hugging Face rejects.'],
    ['my..model', 'name: ModelId name "my..model" contains "..", which Hugging Face rejects.'],
    ['model.git', 'name: ModelId name "model.git" ends with ".git", which Hugging Face rejects.'],
    [
      'my model/x',
      'name: ModelId name "my model/x" contains " ", "/": Hugging Face repo ids allow only ASCII letters, digits, "-", "_" and ".".',
    ],
  ])('applies Hugging Face repo-id rules to the name %j', (name, message) => {
    expect(messagesFor({ namespace: 'alice', name })).toEqual([message]);
  });

  it('applies the same rules to the namespace', () => {
    expect(messagesFor({ namespace: 'bob:org', name: 'm' })).toEqual([
      'namespace: ModelId namespace "bob:org" contains ":": Hugging Face repo ids allow only ASCII letters, digits, "-", "_" and ".".',
    ]);
  });

  it('allows absent commit, hash and competition id (written as None)', () => {
    expect(messagesFor({ namespace: 'bob-org', name: 'm' })).toEqual([]);
  });

  it('checks the commit, hash and competition id formats', () => {
    expect(
      messagesFor({ namespace: 'a', name: 'b', commit: 'c0ffee', hash: 'h==', competitionId: 'm99999' }),
    ).toEqual([
      'commit: ModelId commit "c0ffee" (6 characters) is not a git commit sha: expected 40 lowercase hex characters.',
      'hash: ModelId hash "h==" (3 characters) is not a base64 sha256: expected 44 characters as hashDirectory returns.',
      'competitionId: ModelId competitionId "m99999" is 6 characters; competition ids are 1 to 5.',
    ]);
    expect(messagesFor({ namespace: 'a', name: 'b', competitionId: 'm7' })).toEqual([
      'competitionId: ModelId competitionId "m7" is not a competition of subnet 17; use one of: m6.',
    ]);
  });
});
