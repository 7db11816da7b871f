import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { useTemporaryDirectory } from '@pixel-tools/test-support';
import { SafetensorsError } from './errors.js';
import { readSafetensors } from './read-safetensors.js';
import { writeSafetensors } from './write-safetensors.js';

const dir = useTemporaryDirectory('safetensors-fuzz');

describe('readSafetensors on corrupted bytes', () => {
  it('either reads the file or throws a SafetensorsError, whatever bytes are changed or cut off', async () => {
    const original = path.join(dir(), 'original.safetensors');
    await writeSafetensors(
      original,
      [
        { name: 'a', dtype: 'F32', shape: [2, 3], data: new Float32Array(6).fill(1.5) },
        { name: 'b', dtype: 'BF16', shape: [4], data: new Float32Array(4).fill(-2) },
        { name: 't', dtype: 'I64', shape: [1], data: new BigInt64Array([999n]) },
        { name: 'm', dtype: 'BOOL', shape: [3], data: new Uint8Array([1, 0, 1]) },
      ],
      { metadata: { format: 'pt' } },
    );
    const bytes = await readFile(original);
    const corrupted = path.join(dir(), 'corrupted.safetensors');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.option(fc.nat(bytes.length), { nil: undefined }),
        async (edits, cutAt) => {
          const mutated = Buffer.from(bytes);
          for (const [position, value] of edits) mutated[position] = value;
          await writeFile(corrupted, mutated.subarray(0, cutAt ?? mutated.length));
          try {
            for await (const tensor of readSafetensors(corrupted))
              expect(tensor.data.length).toBeGreaterThanOrEqual(0);
          } catch (error) {
            if (!(error instanceof SafetensorsError)) throw error;
            expect(error.path).toBe(corrupted);
          }
        },
      ),
      { numRuns: 400, seed: 17 },
    );
  });
});
