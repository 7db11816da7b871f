import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SHARED, useTemporaryDirectory } from '@pixel-tools/test-support';
import { SafetensorsError } from './errors.js';
import { readSafetensorsCheckpoint } from './read-safetensors-checkpoint.js';
import { writeSafetensors } from './write-safetensors.js';

const pipe = SHARED.tinyPipeline;

const dir = useTemporaryDirectory('checkpoint-read');

async function drain(dirPath: string, options = {}): Promise<string[]> {
  const names: string[] = [];
  for await (const tensor of readSafetensorsCheckpoint(dirPath, options)) names.push(tensor.name);
  return names;
}

const tensor = (name: string) => ({
  name,
  dtype: 'F32' as const,
  shape: [2],
  data: new Float32Array([1, 2]),
});
const writeIndex = (
  weightMap: Record<string, string>,
  name = 'diffusion_pytorch_model.safetensors.index.json',
) =>
  writeFile(path.join(dir(), name), JSON.stringify({ metadata: { total_size: 0 }, weight_map: weightMap }));

describe('readSafetensorsCheckpoint', () => {
  it('reads a pipeline component by subfolder and weights name', async () => {
    const unet = await drain(pipe, { subfolder: 'unet' });
    expect(unet).toContain('conv_in.weight');
    const textEncoder = await drain(pipe, { subfolder: 'text_encoder', weightsName: 'model' });
    expect(textEncoder).toContain('text_model.embeddings.position_embedding.weight');
  });

  it('names the files that are there when the variant is missing', async () => {
    const error = await drain(pipe, { subfolder: 'unet', variant: 'fp16' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SafetensorsError);
    expect((error as Error).message).toContain(
      'no diffusion_pytorch_model.fp16.safetensors or diffusion_pytorch_model.safetensors.fp16.index.json here ' +
        '(found: config.json, diffusion_pytorch_model.safetensors); check the variant and subfolder.',
    );
  });

  it('reads transformers-style variant index names too', async () => {
    await writeSafetensors(path.join(dir(), 'model.fp16-00001-of-00001.safetensors'), [tensor('a')]);
    await writeIndex({ a: 'model.fp16-00001-of-00001.safetensors' }, 'model.safetensors.index.fp16.json');
    expect(await drain(dir(), { weightsName: 'model', variant: 'fp16' })).toEqual(['a']);
  });

  it('reports shards that disagree with the index, every problem at once', async () => {
    await writeSafetensors(path.join(dir(), 's1.safetensors'), [tensor('a'), tensor('b')]);
    await writeSafetensors(path.join(dir(), 's2.safetensors'), [tensor('b'), tensor('c')]);
    await writeIndex({ a: 's1.safetensors', b: 's1.safetensors', c: 's1.safetensors', d: 's2.safetensors' });
    const error = await drain(dir()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SafetensorsError);
    const message = (error as Error).message;
    expect(message).toContain('the shards do not match the index');
    expect(message).toContain(
      `"b" is in both ${path.join(dir(), 's1.safetensors')} and ${path.join(dir(), 's2.safetensors')}`,
    );
    expect(message).toContain(
      `"c" is in ${path.join(dir(), 's2.safetensors')}, the index says s1.safetensors`,
    );
    expect(message).toContain('"d" is in the index but in no shard');
  });

  it('refuses shard names that leave the folder, and a missing shard', async () => {
    await writeIndex({ a: '../elsewhere.safetensors' });
    await expect(drain(dir())).rejects.toThrow(
      'weight_map["a"] must be a .safetensors file name in the same folder, got "../elsewhere.safetensors".',
    );
    await writeIndex({ a: 'gone.safetensors' });
    await expect(drain(dir())).rejects.toThrow(
      `${path.join(dir(), 'gone.safetensors')}: cannot open the file`,
    );
  });

  it('reports an index that is not JSON or has no weight_map', async () => {
    await writeFile(path.join(dir(), 'diffusion_pytorch_model.safetensors.index.json'), '{"weight_map": ');
    await expect(drain(dir())).rejects.toThrow('the index is not valid JSON');
    await writeFile(path.join(dir(), 'diffusion_pytorch_model.safetensors.index.json'), '{"weights": {}}');
    await expect(drain(dir())).rejects.toThrow('the index has no "weight_map" object');
  });

  it('checks expected keys across all shards', async () => {
    await writeSafetensors(path.join(dir(), 's1.safetensors'), [tensor('a')]);
    await writeSafetensors(path.join(dir(), 's2.safetensors'), [tensor('b')]);
    await writeIndex({ a: 's1.safetensors', b: 's2.safetensors' });
    expect(await drain(dir(), { expected: { a: [2], b: [2] } })).toEqual(['a', 'b']);
    await expect(drain(dir(), { expected: { a: [2], c: [2] } })).rejects.toThrow(
      /missing keys \(1\): c\n {2}unexpected keys \(1\): b/,
    );
  });
});
