import { writeUnetWithConfig } from './write-unet-with-config.js';

/**
 * Copies the tiny pipeline's UNet folder to `dir` with a config of SDXL base widths and deeper transformer
 * stacks: about 3.2e9 parameters, over competition m6's 2,684,354,560. The weights stay tiny, so only a
 * check that counts parameters from config.json (without allocating them) can refuse it.
 */
export async function writeOversizedUnet(dir: string): Promise<void> {
  await writeUnetWithConfig(dir, {
    block_out_channels: [320, 640, 1280],
    transformer_layers_per_block: [2, 4, 12],
    attention_head_dim: [5, 10, 20],
    cross_attention_dim: 2048,
    layers_per_block: 2,
    projection_class_embeddings_input_dim: 2816,
  });
}
