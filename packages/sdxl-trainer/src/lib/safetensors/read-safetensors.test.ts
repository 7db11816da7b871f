import path from 'node:path';
import { loadSafetensors } from './load-safetensors.js';
import { readSafetensors } from './read-safetensors.js';
import { readSafetensorsHeader } from './read-safetensors-header.js';

const fixtures = path.join(process.env.PIXEL_SHARED_DIR!, 'fixtures');
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
