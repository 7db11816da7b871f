import { truncate } from 'node:fs/promises';
import path from 'node:path';
import { SHARED, useTemporaryDirectory } from '@pixel-tools/test-support';
import { writeRawSafetensors } from '../../test-support/write-raw-safetensors.js';
import { SafetensorsError, SafetensorsKeyMismatchError, SafetensorsNonFiniteError } from './errors.js';
import { loadSafetensors } from './load-safetensors.js';
import { readSafetensors } from './read-safetensors.js';
import { readSafetensorsHeader } from './read-safetensors-header.js';
import { writeSafetensors } from './write-safetensors.js';

const fixtures = SHARED.fixtures;
const tinyUnet = path.join(fixtures, 'sdxl-unet-vae-tiny/diffusion_pytorch_model.safetensors');
const fixtureTensors = path.join(fixtures, 'sdxl-unet-vae-tiny/fixture.safetensors');

describe('readSafetensors', () => {
  it('streams every UNet tensor of the diffusers fixture as Float32Array, 2001508 parameters in all', async () => {
    let parameters = 0;
    let count = 0;
    for await (const tensor of readSafetensors(tinyUnet)) {
      expect(tensor.dtype).toBe('F32');
      expect(tensor.data).toBeInstanceOf(Float32Array);
      expect(tensor.data.length).toBe(tensor.shape.reduce((a, b) => a * b, 1));
      parameters += tensor.data.length;
      count++;
    }
    expect(parameters).toBe(2001508);
    const header = await readSafetensorsHeader(tinyUnet);
    expect(count).toBe(header.tensors.length);
    expect(header.metadata).toEqual({ format: 'pt' });
  });

  it('reads int64 tensors as BigInt64Array and matches the float32 copy', async () => {
    const tensors = await loadSafetensors(fixtureTensors, {
      names: ['train.timesteps', 'train.timesteps_f32'],
    });
    const timesteps = tensors.get('train.timesteps')!;
    expect(timesteps.dtype).toBe('I64');
    expect(timesteps.shape).toEqual([1]);
    expect(timesteps.data).toBeInstanceOf(BigInt64Array);
    expect(Number(timesteps.data[0])).toBe(tensors.get('train.timesteps_f32')!.data[0]);
  });

  it('reads values exactly: the saved parameter equals the fixture copy of it', async () => {
    const [weights, copies] = await Promise.all([
      loadSafetensors(tinyUnet, { names: ['conv_in.weight'] }),
      loadSafetensors(fixtureTensors, { names: ['param_before.conv_in.weight'] }),
    ]);
    expect(weights.get('conv_in.weight')!.data).toEqual(copies.get('param_before.conv_in.weight')!.data);
    expect(weights.get('conv_in.weight')!.shape).toEqual([32, 4, 3, 3]);
  });
});

describe('readSafetensors on untrusted content', () => {
  const dir = useTemporaryDirectory('safetensors-read');
  let file: string;
  beforeEach(async () => {
    file = path.join(dir(), 'model.safetensors');
    await writeSafetensors(file, [
      { name: 'a.weight', dtype: 'F32', shape: [2, 2], data: new Float32Array([1, NaN, Infinity, 2]) },
      { name: 'b.weight', dtype: 'F16', shape: [3], data: new Float32Array([1, 2, 3]) },
      { name: 'c.bias', dtype: 'BF16', shape: [2], data: new Float32Array([-Infinity, 0]) },
      { name: 'd.weight', dtype: 'F32', shape: [2], data: new Float32Array([5, 6]) },
    ]);
  });

  const drain = async (iterator: AsyncIterable<unknown>) => {
    const seen: unknown[] = [];
    for await (const item of iterator) seen.push(item);
    return seen;
  };

  it('reports every NaN/Inf tensor by name after yielding them all, when asked to', async () => {
    const error = await drain(readSafetensors(file, { rejectNonFinite: true })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SafetensorsNonFiniteError);
    expect([...(error as SafetensorsNonFiniteError).counts]).toEqual([
      ['a.weight', 2],
      ['c.bias', 1],
    ]);
    expect((error as Error).message).toContain(
      'NaN or infinite weights in 2 tensor(s): a.weight (2 values), c.bias (1 values)',
    );
    expect(await drain(readSafetensors(file))).toHaveLength(4);
  });

  it('reports every missing, unexpected and wrong-shape key in one error before reading data', async () => {
    const expected = { 'a.weight': [2, 2], 'b.weight': [4], 'e.weight': [1], 'f.weight': [2] };
    const error = await drain(readSafetensors(file, { expected })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SafetensorsKeyMismatchError);
    const mismatch = error as SafetensorsKeyMismatchError;
    expect(mismatch.path).toBe(file);
    expect(mismatch.missing).toEqual(['e.weight', 'f.weight']);
    expect(mismatch.unexpected).toEqual(['c.bias', 'd.weight']);
    expect(mismatch.wrongShape).toEqual([{ name: 'b.weight', expected: [4], actual: [3] }]);
    expect(mismatch.message).toContain('missing keys (2): e.weight, f.weight');
    expect(mismatch.message).toContain('unexpected keys (2): c.bias, d.weight');
    expect(mismatch.message).toContain('wrong shapes (1): b.weight is [3], expected [4]');
  });

  it('passes when the keys and shapes match exactly', async () => {
    const expected = new Map([
      ['a.weight', [2, 2]],
      ['b.weight', [3]],
      ['c.bias', [2]],
      ['d.weight', [2]],
    ]);
    const tensors = await loadSafetensors(file, { expected });
    expect([...tensors.get('b.weight')!.data]).toEqual([1, 2, 3]);
    expect(tensors.get('b.weight')!.dtype).toBe('F16');
  });

  it('names tensors asked for that the file lacks', async () => {
    await expect(loadSafetensors(file, { names: ['a.weight', 'zz'] })).rejects.toThrow(
      `${file}: no tensor named "zz".`,
    );
  });

  it('reads tensor by tensor: a file truncated mid-iteration fails on the next tensor, not before', async () => {
    const iterator = readSafetensors(file);
    const first = await iterator.next();
    expect(first.done).toBe(false);
    await truncate(file, (await readSafetensorsHeader(file)).dataStart + 20);
    await expect(drain({ [Symbol.asyncIterator]: () => iterator })).rejects.toThrow(SafetensorsError);
  });

  it('reports a tensor too large for a typed array instead of crashing (sparse 32 GiB file)', async () => {
    const huge = path.join(dir(), 'huge.safetensors');
    const header = JSON.stringify({ w: { dtype: 'F32', shape: [2 ** 33], data_offsets: [0, 2 ** 35] } });
    await writeRawSafetensors(huge, header);
    await truncate(huge, 8 + header.length + 2 ** 35);
    const error = await drain(readSafetensors(huge)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SafetensorsError);
    expect((error as Error).message).toContain('tensor "w" (F32 [8589934592]) cannot be held in memory');
  });
});
