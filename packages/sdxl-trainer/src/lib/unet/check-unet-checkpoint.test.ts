import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SHARED, useTemporaryDirectory } from '@pixel-tools/test-support';
import { ModelConfigError } from '../model-config/model-config-error.js';
import { SafetensorsError, SafetensorsKeyMismatchError } from '../safetensors/errors.js';
import { loadSafetensors } from '../safetensors/load-safetensors.js';
import { writeSafetensors } from '../safetensors/write-safetensors.js';
import { checkUnetCheckpoint } from './check-unet-checkpoint.js';
import { UNet2DConditionModel } from './unet-2d-condition-model.js';

const FIXTURE_UNET = path.join(SHARED.tinyPipeline, 'unet');
const WEIGHTS = 'diffusion_pytorch_model.safetensors';
const dir = useTemporaryDirectory('check-unet-checkpoint');

/** The fixture UNet in `dir()` with its config fields changed by `changes`. */
async function withConfig(changes: Record<string, unknown>): Promise<string> {
  const config = JSON.parse(await readFile(path.join(FIXTURE_UNET, 'config.json'), 'utf8')) as object;
  await writeFile(path.join(dir(), 'config.json'), JSON.stringify({ ...config, ...changes }));
  await copyFile(path.join(FIXTURE_UNET, WEIGHTS), path.join(dir(), WEIGHTS));
  return dir();
}

describe('checkUnetCheckpoint', () => {
  it("gives the config, its keys and shapes, and the weights' headers, reading no tensor data", async () => {
    const checked = await checkUnetCheckpoint(FIXTURE_UNET);
    expect(checked.spec).toEqual(UNet2DConditionModel.parameterSpec(checked.config));
    expect(checked.source).toBe(path.join(FIXTURE_UNET, WEIGHTS));
    expect(checked.headers.flatMap(({ tensors }) => tensors)).toHaveLength(checked.spec.length);
  });

  it('refuses weights that do not match their config, naming every key (validators could not load them)', async () => {
    // Two resnets per block in the config, one in the weights: every second resnet's keys are missing.
    const error = (await checkUnetCheckpoint(await withConfig({ layers_per_block: 2 })).catch(
      (e: unknown) => e,
    )) as SafetensorsKeyMismatchError;
    expect(error).toBeInstanceOf(SafetensorsKeyMismatchError);
    expect(error.missing).toContain('down_blocks.0.resnets.1.conv1.weight');
  });

  it('refuses a crafted config before reading any header', async () => {
    await withConfig({ layers_per_block: 1e9 });
    await writeFile(path.join(dir(), WEIGHTS), 'not a safetensors file');
    await expect(checkUnetCheckpoint(dir())).rejects.toBeInstanceOf(ModelConfigError);
  });

  it('refuses integer weights by name', async () => {
    await withConfig({});
    const tensors = [...(await loadSafetensors(path.join(FIXTURE_UNET, WEIGHTS))).values()];
    await writeSafetensors(
      path.join(dir(), WEIGHTS),
      tensors.map(({ name, shape, data }) =>
        name === 'conv_in.bias'
          ? { name, shape, dtype: 'I32' as const, data: Int32Array.from(data as Float32Array) }
          : { name, shape, dtype: 'F32' as const, data },
      ),
    );
    await expect(checkUnetCheckpoint(dir())).rejects.toThrow(
      new SafetensorsError(
        path.join(dir(), WEIGHTS),
        'UNet weights must be floating point (F32, F16, BF16 or F64); "conv_in.bias" is I32.',
      ).message,
    );
  });
});
