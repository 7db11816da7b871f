import type { RevisionFile } from '../types/public.js';
import { selectPipelineParts } from './select-pipeline-parts.js';

// The layout of stabilityai/stable-diffusion-xl-base-1.0 (abridged).
const SDXL_BASE = [
  '.gitattributes',
  'README.md',
  'model_index.json',
  'sd_xl_base_1.0.safetensors',
  'scheduler/scheduler_config.json',
  'text_encoder/config.json',
  'text_encoder/flax_model.msgpack',
  'text_encoder/model.fp16.safetensors',
  'text_encoder/model.onnx',
  'text_encoder/model.safetensors',
  'text_encoder/openvino_model.xml',
  'text_encoder_2/config.json',
  'text_encoder_2/model.fp16.safetensors',
  'text_encoder_2/model.safetensors',
  'tokenizer/merges.txt',
  'tokenizer/special_tokens_map.json',
  'tokenizer/tokenizer_config.json',
  'tokenizer/vocab.json',
  'tokenizer_2/vocab.json',
  'unet/config.json',
  'unet/diffusion_pytorch_model.fp16.safetensors',
  'unet/diffusion_pytorch_model.safetensors',
  'unet/openvino/model.bin',
  'vae/config.json',
  'vae/diffusion_pytorch_model.safetensors',
  'vae_decoder/model.onnx',
].map((path): RevisionFile => ({ path, size: 1, oid: 'x' }));

const paths = (files: RevisionFile[]) => files.map((file) => file.path);

describe('selectPipelineParts', () => {
  it('keeps configs, tokenizers and plain safetensors weights of the pipeline components', () => {
    expect(paths(selectPipelineParts(SDXL_BASE))).toEqual([
      'model_index.json',
      'scheduler/scheduler_config.json',
      'text_encoder/config.json',
      'text_encoder/model.safetensors',
      'text_encoder_2/config.json',
      'text_encoder_2/model.safetensors',
      'tokenizer/merges.txt',
      'tokenizer/special_tokens_map.json',
      'tokenizer/tokenizer_config.json',
      'tokenizer/vocab.json',
      'tokenizer_2/vocab.json',
      'unet/config.json',
      'unet/diffusion_pytorch_model.safetensors',
      'vae/config.json',
      'vae/diffusion_pytorch_model.safetensors',
    ]);
  });

  it('takes the variant weights where a component has them and the plain ones elsewhere', () => {
    const weights = paths(selectPipelineParts(SDXL_BASE, 'fp16')).filter((path) =>
      path.endsWith('.safetensors'),
    );
    expect(weights).toEqual([
      'text_encoder/model.fp16.safetensors',
      'text_encoder_2/model.fp16.safetensors',
      'unet/diffusion_pytorch_model.fp16.safetensors',
      'vae/diffusion_pytorch_model.safetensors',
    ]);
  });

  it('keeps every shard and the index of sharded weights', () => {
    const sharded = [
      'unet/diffusion_pytorch_model.safetensors.index.json',
      'unet/diffusion_pytorch_model-00001-of-00002.safetensors',
      'unet/diffusion_pytorch_model-00002-of-00002.safetensors',
      'unet/diffusion_pytorch_model.fp16-00001-of-00001.safetensors',
    ].map((path): RevisionFile => ({ path, size: 1, oid: 'x' }));
    expect(paths(selectPipelineParts(sharded))).toEqual([
      'unet/diffusion_pytorch_model-00001-of-00002.safetensors',
      'unet/diffusion_pytorch_model-00002-of-00002.safetensors',
      'unet/diffusion_pytorch_model.safetensors.index.json',
    ]);
  });
});
