import type { Metagraph } from '@pixel/chain';
import { UNet2DConditionModel } from '@pixel/sdxl-trainer';
import type { MinerConfig, RemoteModel } from '../types/public.js';
import { downloadRemoteModel } from './download-remote-model.js';

/**
 * Load the model uid `uid` committed, checked as validators check it (see `downloadRemoteModel`: exact
 * revision, directory hash, size and parameter limits) before any weight is loaded.
 */
export async function loadRemoteModel(params: {
  uid: number;
  metagraph: Pick<Metagraph, 'hotkeys'>;
  downloadDir: string;
  config: Pick<MinerConfig, 'subtensor' | 'netuid' | 'hub'>;
}): Promise<RemoteModel> {
  const downloaded = await downloadRemoteModel(params);
  return { ...downloaded, unet: await UNet2DConditionModel.fromPretrained(downloaded.snapshotDir) };
}
