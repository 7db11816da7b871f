import { join } from 'node:path';
import { MINER, openHubFixture, writeFolder, type HubFixture } from '../test-support/hub-fixture.js';
import { listFolderFiles } from '../utils/list-folder-files.js';
import { downloadPipelineParts } from './download-pipeline-parts.js';
import { uploadModel } from './upload-model.js';

let fixture: HubFixture;
beforeAll(async () => {
  fixture = await openHubFixture();
  const folder = join(fixture.work, 'pipeline');
  // A miniature SDXL-style pipeline repo, with formats and variants the trainer does not need.
  await writeFolder(folder, {
    'model_index.json': '{"_class_name":"StableDiffusionXLPipeline"}',
    'sd_xl_base_1.0.safetensors': 64,
    'scheduler/scheduler_config.json': '{}',
    'text_encoder/config.json': '{}',
    'text_encoder/model.safetensors': 32,
    'text_encoder/model.fp16.safetensors': 16,
    'text_encoder/model.onnx': 8,
    'tokenizer/vocab.json': '{}',
    'tokenizer/merges.txt': '#',
    'unet/config.json': '{}',
    'unet/diffusion_pytorch_model.safetensors': 64,
    'unet/diffusion_pytorch_model.fp16.safetensors': 32,
    'vae/config.json': '{}',
    'vae/diffusion_pytorch_model.safetensors': 16,
    'vae_decoder/model.onnx': 8,
  });
  await uploadModel({ repo: 'miner/sdxl-mini', folder, accessToken: MINER.token, hubUrl: fixture.hub.url });
});
afterAll(() => fixture.close());

describe('downloadPipelineParts', () => {
  it('downloads only the components the trainer loads, in the requested variant', async () => {
    const result = await downloadPipelineParts({
      repo: 'miner/sdxl-mini',
      cacheDir: join(fixture.work, 'cache'),
      variant: 'fp16',
      accessToken: MINER.token,
      hubUrl: fixture.hub.url,
    });
    expect(await listFolderFiles(result.snapshotDir)).toEqual([
      'model_index.json',
      'scheduler/scheduler_config.json',
      'text_encoder/config.json',
      'text_encoder/model.fp16.safetensors',
      'tokenizer/merges.txt',
      'tokenizer/vocab.json',
      'unet/config.json',
      'unet/diffusion_pytorch_model.fp16.safetensors',
      'vae/config.json',
      'vae/diffusion_pytorch_model.safetensors',
    ]);
    expect(result.totalBytes).toBe(result.files.reduce((sum, file) => sum + file.size, 0));
  });
});
