/** The fields of a diffusers `AutoencoderKL` vae/config.json the model uses (diffusers 0.27 names). */
export interface AutoencoderKLConfig {
  in_channels: number;
  out_channels: number;
  latent_channels: number;
  block_out_channels: number[];
  down_block_types: string[];
  up_block_types: string[];
  layers_per_block: number;
  norm_num_groups: number;
  act_fn: 'silu';
  /** Latents the UNet sees are `latent_dist.sample() * scaling_factor`. */
  scaling_factor: number;
  sample_size?: number;
  force_upcast?: boolean;
  mid_block_add_attention?: boolean;
}
