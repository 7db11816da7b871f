import fc from 'fast-check';
import { ModelId } from '../index.js';
import { referenceVectors, type ModelIdVectorFields } from '@pixel-tools/test-support';

const vectors = referenceVectors();

function fieldsOf(modelId: ModelId): ModelIdVectorFields {
  return {
    namespace: modelId.namespace,
    name: modelId.name,
    commit: modelId.commit ?? null,
    hash: modelId.hash ?? null,
    competition_id: modelId.competitionId ?? null,
  };
}

function fromVectorFields(fields: ModelIdVectorFields): ModelId {
  return new ModelId({ ...fields, competitionId: fields.competition_id });
}

describe('ModelId reference vectors', () => {
  it.each(vectors.model_ids.map((v) => [v.compressed, v]))('parses %s as the reference', (_, vector) => {
    expect(fieldsOf(ModelId.fromCompressedString(vector.compressed))).toEqual(vector.parsed);
  });

  const withFields = vectors.model_ids.filter((v) => v.fields !== undefined);
  it.each(withFields.map((v) => [v.compressed, v]))(
    'compresses the fields of %s byte for byte',
    (_, vector) => {
      const compressed = fromVectorFields(vector.fields!).toCompressedString();
      expect(compressed).toBe(vector.compressed);
      expect(Buffer.byteLength(compressed, 'utf8')).toBe(vector.bytes);
    },
  );

  it('covers every vector shape: None fields, a missing 5th token and extra tokens', () => {
    expect(vectors.model_ids.length).toBe(6);
    expect(withFields.length).toBe(3);
  });
});

describe('ModelId.fromCompressedString', () => {
  it('writes a missing competition id back as None', () => {
    expect(ModelId.fromCompressedString('ns:name:None:None').toCompressedString()).toBe(
      'ns:name:None:None:None',
    );
  });

  it('parses without validating, as validators must read whatever is on chain', () => {
    const odd = ModelId.fromCompressedString('bad ns::x:y:m99');
    expect(fieldsOf(odd)).toEqual({
      namespace: 'bad ns',
      name: '',
      commit: 'x',
      hash: 'y',
      competition_id: 'm99',
    });
    expect(odd.validate().length).toBeGreaterThan(0);
  });

  it.each(['', 'alice', 'alice:model', 'alice:model:abc'])(
    'rejects %j, naming the expected shape',
    (text) => {
      expect(() => ModelId.fromCompressedString(text)).toThrow(
        `Cannot parse ModelId "${text}": expected namespace:name:commit:hash[:competition_id] (at least 4 fields separated by ":"), found ${text.split(':').length}.`,
      );
    },
  );

  it('gives the Hugging Face repo id', () => {
    expect(ModelId.fromCompressedString(vectors.model_ids[0]!.compressed).repoId).toBe('alice/sdxl-pixel');
  });
});

const repoWord = fc.stringMatching(/^[A-Za-z0-9_]{1,5}$/);
const repoPart = fc
  .tuple(repoWord, fc.array(fc.tuple(fc.constantFrom('-', '.', '_'), repoWord), { maxLength: 2 }))
  .map(([first, rest]) => first + rest.map(([sep, word]) => sep + word).join(''))
  .filter((part) => !part.endsWith('.git'));
const validModelId = fc.record({
  namespace: repoPart,
  name: repoPart,
  commit: fc.option(fc.stringMatching(/^[0-9a-f]{40}$/), { nil: undefined }),
  hash: fc.option(
    fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('base64')),
    { nil: undefined },
  ),
  competitionId: fc.option(fc.constant('m6'), { nil: undefined }),
});
/** Any token the compressed form can carry: no separator and not the literal absent marker. */
const token = fc.string({ unit: 'grapheme' }).filter((t) => !t.includes(':') && t !== 'None');

describe('ModelId round trips', () => {
  it('valid ids survive compress -> parse unchanged and pass validation', () => {
    fc.assert(
      fc.property(validModelId, (fields) => {
        const modelId = new ModelId(fields);
        expect(modelId.validate()).toEqual([]);
        expect(ModelId.fromCompressedString(modelId.toCompressedString())).toEqual(modelId);
      }),
    );
  });

  it('any tokens without ":" or "None" survive compress -> parse, even ones validation rejects', () => {
    fc.assert(
      fc.property(
        fc.record({
          namespace: token,
          name: token,
          commit: fc.option(token, { nil: undefined }),
          hash: fc.option(token, { nil: undefined }),
          competitionId: fc.option(token, { nil: undefined }),
        }),
        (fields) => {
          const modelId = new ModelId(fields);
          expect(ModelId.fromCompressedString(modelId.toCompressedString())).toEqual(modelId);
        },
      ),
    );
  });

  it('parse -> compress -> parse is stable for any string with 4 or more fields', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 4, maxLength: 7 }), (tokens) => {
        const once = ModelId.fromCompressedString(tokens.join(':'));
        expect(ModelId.fromCompressedString(once.toCompressedString())).toEqual(once);
      }),
    );
  });
});
