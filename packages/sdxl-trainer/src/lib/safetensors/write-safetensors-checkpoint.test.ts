import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SHARED, useTemporaryDirectory } from '@pixel-tools/test-support';
import type { LoadedTensor, SafetensorsWriteEntry } from '../../types/safetensors.js';
import { bfloat16ToFloat32 } from './bfloat16-to-float32.js';
import { float16ToFloat32 } from './float16-to-float32.js';
import { float32ToBfloat16 } from './float32-to-bfloat16.js';
import { float32ToFloat16 } from './float32-to-float16.js';
import { loadSafetensors } from './load-safetensors.js';
import { readSafetensorsCheckpoint } from './read-safetensors-checkpoint.js';
import { writeSafetensorsCheckpoint } from './write-safetensors-checkpoint.js';

const tinyUnet = path.join(SHARED.unetVaeTiny, 'diffusion_pytorch_model.safetensors');

const dir = useTemporaryDirectory('checkpoint-write');
let original: Map<string, LoadedTensor>;
beforeAll(async () => {
  original = await loadSafetensors(tinyUnet);
});

const sameBytes = (a: Float32Array, b: Float32Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

const asEntries = (dtype: 'F32' | 'F16' | 'BF16'): SafetensorsWriteEntry[] =>
  [...original.values()].map(({ name, shape, data }) => ({ name, shape, dtype, data: () => data }));

describe('writeSafetensorsCheckpoint', () => {
  it('writes a single fp32 file that is byte-identical to the diffusers-saved one', async () => {
    const written = await writeSafetensorsCheckpoint(dir(), asEntries('F32'), { subfolder: 'unet' });
    expect(written).toEqual(['diffusion_pytorch_model.safetensors']);
    const [expected, actual] = await Promise.all([
      readFile(tinyUnet),
      readFile(path.join(dir(), 'unet/diffusion_pytorch_model.safetensors')),
    ]);
    expect(actual.equals(expected)).toBe(true);
  });

  it('shards an fp16 variant with a diffusers index, and reads it back as the fp16-rounded weights', async () => {
    const written = await writeSafetensorsCheckpoint(dir(), asEntries('F16'), {
      variant: 'fp16',
      maxShardBytes: 1_500_000,
    });
    expect(written.at(-1)).toBe('diffusion_pytorch_model.safetensors.fp16.index.json');
    expect(written.slice(0, -1)).toEqual(
      written
        .slice(0, -1)
        .map((_, i) => `diffusion_pytorch_model.fp16-0000${i + 1}-of-0000${written.length - 1}.safetensors`),
    );
    expect(written.length - 1).toBe(3);

    const indexText = await readFile(
      path.join(dir(), 'diffusion_pytorch_model.safetensors.fp16.index.json'),
      'utf8',
    );
    const index = JSON.parse(indexText) as {
      metadata: { total_size: number };
      weight_map: Record<string, string>;
    };
    expect(index.metadata.total_size).toBe(2001508 * 2);
    expect(Object.keys(index.weight_map)).toEqual([...original.keys()].sort());
    expect(indexText).toMatch(
      /^\{\n {2}"metadata": \{\n {4}"total_size": 4003016\n {2}\},\n {2}"weight_map": \{\n/,
    );
    expect(indexText.endsWith('}\n')).toBe(true);

    const expectedShapes = new Map([...original].map(([name, tensor]) => [name, tensor.shape]));
    let count = 0;
    for await (const tensor of readSafetensorsCheckpoint(dir(), {
      variant: 'fp16',
      expected: expectedShapes,
    })) {
      expect(tensor.dtype).toBe('F16');
      const rounded = float16ToFloat32(float32ToFloat16(original.get(tensor.name)!.data as Float32Array));
      expect(sameBytes(tensor.data as Float32Array, rounded)).toBe(true);
      count++;
    }
    expect(count).toBe(original.size);
  });

  it('round-trips bf16 to the bf16-rounded values, each within half a bf16 ulp (at most 2^-8 relative)', async () => {
    await writeSafetensorsCheckpoint(dir(), asEntries('BF16'));
    const back = await loadSafetensors(path.join(dir(), 'diffusion_pytorch_model.safetensors'));
    for (const [name, { data }] of original) {
      const weight = data as Float32Array;
      const read = back.get(name)!.data as Float32Array;
      expect(sameBytes(read, bfloat16ToFloat32(float32ToBfloat16(weight)))).toBe(true);
      // No Math.* in the loop: global lookups are slow inside jest's VM context.
      let outside = 0;
      for (let k = 0; k < read.length; k++) {
        const error = read[k]! - weight[k]!;
        const bound = (weight[k]! < 0 ? -weight[k]! : weight[k]!) * 2 ** -8;
        if (error > bound || -error > bound) outside++;
      }
      expect(outside).toBe(0);
    }
  });

  it('removes the old layout: saving unsharded after a sharded save leaves no stale shards or index', async () => {
    await writeSafetensorsCheckpoint(dir(), asEntries('F16'), { maxShardBytes: 1_000_000 });
    await writeFile(path.join(dir(), 'config.json'), '{}');
    await writeSafetensorsCheckpoint(dir(), asEntries('F16'));
    expect((await readdir(dir())).sort()).toEqual(['config.json', 'diffusion_pytorch_model.safetensors']);
  });

  it('an interrupted sharded save leaves no index over a mix of old and new shards', async () => {
    await writeSafetensorsCheckpoint(dir(), asEntries('F16'), { maxShardBytes: 1_500_000 });
    const failing = asEntries('F16').map((entry, i) =>
      i === 100
        ? {
            ...entry,
            data: () => {
              throw new Error('disk full');
            },
          }
        : entry,
    );
    await expect(writeSafetensorsCheckpoint(dir(), failing, { maxShardBytes: 1_500_000 })).rejects.toThrow(
      'disk full',
    );
    expect(await readdir(dir())).not.toContain('diffusion_pytorch_model.safetensors.index.json');
    await expect(readSafetensorsCheckpoint(dir()).next()).rejects.toThrow(
      'no diffusion_pytorch_model.safetensors',
    );
  });

  it('splits like huggingface_hub: greedy in entry order, an oversized tensor alone in a shard of its own', async () => {
    const tensor = (name: string, size: number): SafetensorsWriteEntry => ({
      name,
      dtype: 'F32',
      shape: [size],
      data: new Float32Array(size),
    });
    // Limit 40 bytes: a (16) + b (16) fit; big (80) goes alone at once; c (16) + d (16) start the next.
    const entries = [tensor('a', 4), tensor('b', 4), tensor('big', 20), tensor('c', 4), tensor('d', 4)];
    await writeSafetensorsCheckpoint(dir(), entries, { maxShardBytes: 40 });
    const index = JSON.parse(
      await readFile(path.join(dir(), 'diffusion_pytorch_model.safetensors.index.json'), 'utf8'),
    ) as { metadata: { total_size: number }; weight_map: Record<string, string> };
    const shard = (n: number) => `diffusion_pytorch_model-0000${n}-of-00003.safetensors`;
    expect(index).toEqual({
      metadata: { total_size: 144 },
      weight_map: { a: shard(2), b: shard(2), big: shard(1), c: shard(3), d: shard(3) },
    });
  });
});
