import { commitModel, type CreatedWallet } from '@pixel/chain';
import { ModelId } from '@pixel/constraints';
import { downloadModel, setRepoVisibility, uploadModel } from '@pixel/hub';
import type { LocalChainAndHub } from './use-local-chain-and-hub.js';

/**
 * What a stranger can do and `push` refuses: uploads `folder` as it is to the public repo `repo` on the local
 * Hub and commits it for `wallet`'s hotkey with the hash validators will compute, with none of push's checks.
 */
export async function commitUncheckedModel(
  network: LocalChainAndHub,
  wallet: CreatedWallet,
  params: { folder: string; repo: string },
): Promise<ModelId> {
  const hub = { accessToken: network.hubToken, hubUrl: network.hub.url };
  const { commit } = await uploadModel({ ...hub, repo: params.repo, folder: params.folder });
  await setRepoVisibility({ ...hub, repo: params.repo, visibility: 'public' });
  const { hash } = await downloadModel({
    ...hub,
    repo: params.repo,
    revision: commit,
    cacheDir: `${network.work}/unchecked-${params.repo.replace('/', '--')}`,
  });
  const [namespace = '', name = ''] = params.repo.split('/');
  const modelId = new ModelId({ namespace, name, commit, hash, competitionId: 'm6' });
  await commitModel(network.subtensor, wallet.hotkey, network.devnet.netuid, modelId);
  return modelId;
}
