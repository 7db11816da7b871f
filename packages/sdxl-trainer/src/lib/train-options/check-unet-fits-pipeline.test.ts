import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SHARED, useTemporaryDirectory } from '@pixel-tools/test-support';
import { checkUnetFitsPipeline } from './check-unet-fits-pipeline.js';

const temporary = useTemporaryDirectory('unet-fit');

/** A UNet folder holding only the tiny pipeline's UNet config with `changes` applied. */
async function unetConfigFolder(changes: Record<string, unknown>): Promise<string> {
  const config = JSON.parse(
    await readFile(path.join(SHARED.tinyPipeline, 'unet/config.json'), 'utf8'),
  ) as object;
  const dir = path.join(temporary(), 'unet');
  await mkdir(dir);
  await writeFile(path.join(dir, 'config.json'), JSON.stringify({ ...config, ...changes }));
  return dir;
}

describe('checkUnetFitsPipeline', () => {
  it("accepts SDXL base's UNet with its encoders and VAE, and the tiny UNet with the tiny pipeline", async () => {
    await expect(
      checkUnetFitsPipeline({
        unetDir: path.join(SHARED.sdxlBaseKeys, 'unet'),
        pipelineDir: SHARED.sdxlBaseKeys,
      }),
    ).resolves.toBeUndefined();
    await expect(
      checkUnetFitsPipeline({
        unetDir: path.join(SHARED.tinyPipeline, 'unet'),
        pipelineDir: SHARED.tinyPipeline,
        vaeDir: path.join(SHARED.tinyPipeline, 'vae'),
      }),
    ).resolves.toBeUndefined();
  });

  it('names every mismatch and both folders in one error', async () => {
    const unetDir = await unetConfigFolder({
      cross_attention_dim: 64,
      in_channels: 8,
      projection_class_embeddings_input_dim: 96,
    });
    const check = checkUnetFitsPipeline({ unetDir, pipelineDir: SHARED.tinyPipeline });
    await expect(check).rejects.toThrow(
      `--pretrained_unet_model_name_or_path ${unetDir} does not fit --pretrained_model_name_or_path ${SHARED.tinyPipeline}: `,
    );
    await expect(check).rejects.toThrow(
      "cross_attention_dim is 64, but the text encoders' hidden sizes add up to 96 (32 + 64)",
    );
    await expect(check).rejects.toThrow(
      `in_channels is 8, but the VAE (${path.join(SHARED.tinyPipeline, 'vae/config.json')}) has 4 latent_channels`,
    );
    await expect(check).rejects.toThrow(
      "projection_class_embeddings_input_dim is 96, but text_encoder_2's pooled projection (32) plus 6 time ids of addition_time_embed_dim 8 make 80",
    );
  });

  it("checks the tiny UNet against SDXL base's encoders: the sizes of another model family", async () => {
    await expect(
      checkUnetFitsPipeline({
        unetDir: path.join(SHARED.tinyPipeline, 'unet'),
        pipelineDir: SHARED.sdxlBaseKeys,
      }),
    ).rejects.toThrow(/cross_attention_dim is 96, but .* add up to 2048 \(768 \+ 1280\);/);
  });

  it('names a UNet folder without config.json', async () => {
    await expect(
      checkUnetFitsPipeline({ unetDir: temporary(), pipelineDir: SHARED.tinyPipeline }),
    ).rejects.toThrow(`Cannot read the UNet config ${path.join(temporary(), 'config.json')}`);
  });
});
