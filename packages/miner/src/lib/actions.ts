import { getAllModelMetadata, getMetagraph, type Metagraph } from '@pixel/chain';
import type { UNet2DConditionModel } from '@pixel/sdxl-trainer';
import type {
  MinerConfig,
  MinerWallet,
  PushOptions,
  PushPlan,
  PushResult,
  RemoteModel,
  WeightsDtype,
} from '../types/public.js';
import { bestUid } from './best-uid.js';
import { checkSubnetIsPixel } from './check-subnet-is-pixel.js';
import { loadLocalModel } from './load-local-model.js';
import { loadRemoteModel } from './load-remote-model.js';
import { pushModel } from './push-model.js';
import { planPush } from './push-model-plan.js';

/**
 * What a custom miner does, bound to one chain connection, Hub account and wallet: the TypeScript
 * counterpart of the reference's `finetune.mining.actions.Actions`.
 *
 * @example
 * const actions = Actions.create({ subtensor, netuid: 17, hub: { accessToken } }, { hotkey });
 * const { unet } = await actions.loadRemoteModel(123, metagraph, 'mydir');
 * await actions.save(unet, 'model-foo/');
 * await actions.push('model-foo/', { repo: 'me/sdxl-m6', competitionId: 'm6' });
 */
export class Actions {
  private constructor(
    readonly config: MinerConfig,
    readonly wallet: MinerWallet,
  ) {}

  static create(config: MinerConfig, wallet: MinerWallet): Actions {
    if (!Number.isInteger(config.netuid) || config.netuid < 0) {
      throw new Error(`netuid must be a subnet uid (0 or more; 17 on finney), got ${config.netuid}.`);
    }
    return new Actions(config, wallet);
  }

  /** Write `config.json` + `diffusion_pytorch_model.safetensors` into `dir`; float32 by default, to keep training exact. */
  async save(
    unet: UNet2DConditionModel,
    dir: string,
    { dtype = 'float32' }: { dtype?: WeightsDtype } = {},
  ): Promise<void> {
    await unet.savePretrained(dir, { dtype });
  }

  /** The UNet in `dir` (a UNet folder, or a pipeline folder holding `unet/`). */
  loadLocalModel(dir: string): Promise<UNet2DConditionModel> {
    return loadLocalModel(dir);
  }

  /** The model uid `uid` committed, verified as validators verify it (see `loadRemoteModel`). */
  loadRemoteModel(
    uid: number,
    metagraph: Pick<Metagraph, 'hotkeys'>,
    downloadDir: string,
  ): Promise<RemoteModel> {
    return loadRemoteModel({ uid, metagraph, downloadDir, config: this.config });
  }

  /**
   * The current best model of the subnet (see `bestUid`: the committed model of the uid with the highest
   * incentive on chain) as a starting point, or undefined when no uid has committed one. A subnet that does not
   * look like a pixel competition is warned about first (`checkSubnetIsPixel`).
   */
  async loadBestModel(downloadDir: string): Promise<RemoteModel | undefined> {
    await checkSubnetIsPixel(this.config, 'read');
    const metagraph = await getMetagraph(this.config.subtensor, this.config.netuid);
    const { models } = await getAllModelMetadata(this.config.subtensor, this.config.netuid);
    const uid = bestUid(metagraph, models);
    return uid === undefined ? undefined : this.loadRemoteModel(uid, metagraph, downloadDir);
  }

  /**
   * Publish for validators: the upload flow of `pushModel` (a private repo of its own, hash, chain commit, then
   * public); pushing the same model again resumes an interrupted push. A subnet that is recognisably another
   * project is refused first (`UnrecognisedSubnetError`), unless the config allows unrecognised subnets.
   */
  push(model: UNet2DConditionModel | string, options: PushOptions): Promise<PushResult> {
    return pushModel({ model, options, config: this.config, wallet: this.wallet });
  }

  /** The dry run of `push` (`planPush`): every check it makes, the repo and the steps left; nothing published. */
  planPush(model: UNet2DConditionModel | string, options: PushOptions): Promise<PushPlan> {
    return planPush({ model, options, config: this.config, wallet: this.wallet });
  }
}
