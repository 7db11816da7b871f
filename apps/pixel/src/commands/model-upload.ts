import path from 'node:path';
import { connectSubtensor, loadHotkey, resolveChainCliConfig, type KeyringPair } from '@pixel/chain';
import { listCompetitions, ORIGINAL_COMPETITION_ID, PixelError, UsageError } from '@pixel/constraints';
import { readAccessToken } from '@pixel/hub';
import {
  Actions,
  checkUpload,
  CommitFailedError,
  PublishFailedError,
  UploadCheckError,
  type PushPlan,
  type PushResult,
  type WeightsDtype,
} from '@pixel/miner';
import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';
import type { CommandContext } from '../lib/context.js';
import { ALLOW_UNRECOGNISED_SUBNET_OPTION } from '../lib/allow-unrecognised-subnet-option.js';
import { NETUID_OPTION } from '../lib/netuid-option.js';
import { shellWord } from '../lib/shell-word.js';
import { competitionsReport } from './competitions.js';

const DTYPES: readonly WeightsDtype[] = ['bfloat16', 'float16', 'float32'];

/** Flags of the chain and wallet that `resolveChainCliConfig` reads. */
const CHAIN_FLAGS = [
  'subtensor.network',
  'subtensor.chain_endpoint',
  'wallet.name',
  'wallet.hotkey',
  'wallet.path',
];

interface UploadArgs {
  load_model_dir?: string;
  hf_repo_id?: string;
  repo_suffix?: string;
  competition_id: string;
  netuid: number;
  dtype: WeightsDtype;
  'hub-url'?: string;
  'dry-run'?: boolean;
  list_competitions?: boolean;
  commit_attempts: number;
  'allow-unrecognised-subnet'?: boolean;
}

function flagValue(argv: Record<string, unknown>, flag: string): string | undefined {
  const value = argv[flag];
  return value === undefined ? undefined : String(value);
}

/** The exact command that resumes this upload, for the note printed when the chain commitment fails. */
function resumeCommand(argv: Record<string, unknown>, args: UploadArgs): string {
  const parts = ['pixel-upload', '--load_model_dir', args.load_model_dir!, '--hf_repo_id', args.hf_repo_id!];
  for (const flag of CHAIN_FLAGS) {
    const value = flagValue(argv, flag);
    if (value !== undefined) parts.push(`--${flag}`, value);
  }
  if (args.repo_suffix !== undefined) parts.push('--repo_suffix', args.repo_suffix);
  parts.push('--competition_id', args.competition_id, '--netuid', String(args.netuid), '--dtype', args.dtype);
  if (args['hub-url']) parts.push('--hub-url', args['hub-url']);
  if (args['allow-unrecognised-subnet']) parts.push('--allow-unrecognised-subnet');
  return parts.map(shellWord).join(' ');
}

const STEP_NAMES = { upload: 'upload', commit: 'commit on chain', publish: 'make public' } as const;

/** What the dry run checked (everything the upload checks before publishing), where it goes and what is left. */
function planReport(plan: PushPlan, args: UploadArgs): string {
  const steps = plan.steps.map((step) => STEP_NAMES[step]).join(', then ');
  return (
    `Dry run: every check passed; nothing was uploaded or committed.\n` +
    `  checked: competition ${args.competition_id}; repo id length; ${plan.parameterCount.toLocaleString('en-US')} ` +
    `parameters; the weights converted to ${args.dtype} (${plan.uploadBytes.toLocaleString('en-US')} bytes, all ` +
    `finite) and the repo size; the Hugging Face token (whoami: known, may write to the namespace); subnet ` +
    `${args.netuid} (not another project's, by its identity and commitments); the wallet and its registration ` +
    `there; what the Hub and the chain already hold of this model\n` +
    `  repo:    ${plan.repo} (a repo of its own, private until its chain commitment; --repo_suffix changes the suffix)\n` +
    `  steps:   ${steps || 'none: this model is already committed and public'}\n`
  );
}

function pushReport(result: PushResult, netuid: number): string {
  const { steps } = result;
  const uploaded = steps.includes('upload')
    ? `Uploaded ${result.repo} at commit ${result.commit}`
    : `${result.repo} already held this model at commit ${result.commit}`;
  const committed = steps.includes('commit')
    ? `committed it on subnet ${netuid} at block ${result.block}`
    : `it was already committed on subnet ${netuid} at block ${result.block}`;
  const published = steps.includes('publish') ? 'The repo is public now' : 'The repo was already public';
  return `${uploaded}; ${committed}:\n  ${result.committed}\n${published}; validators will evaluate it.\n`;
}

async function upload(ctx: CommandContext, argv: ArgumentsCamelCase<UploadArgs>): Promise<void> {
  const args = argv as unknown as UploadArgs & Record<string, unknown>;
  if (args.list_competitions) {
    ctx.stdout.write(competitionsReport(listCompetitions()));
    return;
  }
  if (!args.load_model_dir || !args.hf_repo_id) {
    throw new UsageError(
      'Name the model and the repo: --load_model_dir <folder> --hf_repo_id <namespace/name>.',
    );
  }
  const modelDir = path.resolve(ctx.cwd, args.load_model_dir);
  const chainArgv = CHAIN_FLAGS.flatMap((flag) => {
    const value = flagValue(args, flag);
    return value === undefined ? [] : [`--${flag}`, value];
  });
  const chainConfig = resolveChainCliConfig(chainArgv, ctx.env);
  const accessToken = await readAccessToken({ env: ctx.env, cwd: ctx.cwd });
  const hubUrl = args['hub-url'] ?? ctx.env.HF_ENDPOINT;
  const pushOptions = {
    repo: args.hf_repo_id,
    repoSuffix: args.repo_suffix,
    competitionId: args.competition_id,
    dtype: args.dtype,
  };

  let hotkey: KeyringPair;
  try {
    hotkey = await loadHotkey(chainConfig.wallet);
  } catch (error) {
    // Without a hotkey nothing is pushed: list the wallet's problem with the others the Hub and the model have.
    const problems = await checkUpload({ ...pushOptions, modelDir, accessToken, hubUrl });
    throw new UploadCheckError([{ check: 'wallet', message: (error as Error).message }, ...problems]);
  }
  ctx.logger.info(`Connecting to ${chainConfig.network} (${chainConfig.endpoint})`);
  const subtensor = await connectSubtensor({ endpoint: chainConfig.endpoint });
  try {
    // push and planPush check the subnet first (another project's is refused: exit code 2), then everything
    // checkUpload checks (every problem listed at once), before anything is converted or uploaded.
    const actions = Actions.create(
      {
        subtensor,
        netuid: args.netuid,
        hub: { accessToken, hubUrl },
        commitRetry: { attempts: args.commit_attempts },
        allowUnrecognisedSubnet: args['allow-unrecognised-subnet'] === true,
        log: (line) => ctx.logger.info(line),
        warn: (line) => ctx.logger.warn(line),
      },
      { hotkey },
    );
    if (args['dry-run']) {
      ctx.stdout.write(planReport(await actions.planPush(modelDir, pushOptions), args));
      return;
    }
    ctx.stdout.write(pushReport(await actions.push(modelDir, pushOptions), args.netuid));
  } catch (error) {
    if (error instanceof CommitFailedError || error instanceof PublishFailedError) {
      throw new PixelError(`${error.message}\nResume with:\n  ${resumeCommand(args, args)}`, {
        cause: error,
      });
    }
    throw error;
  } finally {
    await subtensor.disconnect();
  }
}

/**
 * `pixel model upload` (also `pixel-upload`): the seed's upload_model.py command line, with pre-flight checks
 * and resumption (see `push` of @pixel/miner).
 */
export function modelUploadCommand(ctx: CommandContext): CommandModule<object, UploadArgs> {
  return {
    command: 'upload',
    describe: 'Publish a UNet for validators: private upload, hash, chain commitment, then public',
    builder: (y: Argv) =>
      y
        // `--wallet.name` is one flag here, as in the seed's command line, not a `wallet` object; a flag
        // given twice takes the last value, as with the reference's argparse.
        .parserConfiguration({ 'dot-notation': false, 'duplicate-arguments-array': false })
        .usage(
          '$0 model upload --load_model_dir <folder> --hf_repo_id <namespace/name> --wallet.name <coldkey> ' +
            '--wallet.hotkey <hotkey> [--competition_id m6]\n\n' +
            'Checks everything validators will check and lists every problem at once; then uploads the UNet ' +
            '(bfloat16 by default) to a private repo of its own (<hf_repo_id>-<8 hex digits of its content hash>), ' +
            'commits its id and hash to the chain and makes the repo public only once the commitment lands. ' +
            'Run again after an interruption: it resumes. `pixel-upload` is the same command.',
        )
        .option('load_model_dir', {
          type: 'string',
          describe: 'A UNet folder, or a pipeline folder (its unet/ is used).',
        })
        .option('hf_repo_id', {
          type: 'string',
          describe:
            'Hugging Face repo <namespace>/<name>; the model goes to <namespace>/<name>-<suffix>, a repo of its own.',
        })
        .option('repo_suffix', {
          type: 'string',
          describe:
            "Suffix of the repo name (default: 8 hex digits of the model's content hash, so each model gets a " +
            "fresh private repo and a re-run finds it). '' uploads to --hf_repo_id itself (refused if it is " +
            'public and holds other weights).',
        })
        .option('competition_id', {
          type: 'string',
          default: ORIGINAL_COMPETITION_ID,
          describe: 'Competition to enter.',
        })
        .option('wallet.name', { type: 'string', describe: 'Wallet (coldkey) name (also BT_WALLET_NAME).' })
        .option('wallet.hotkey', { type: 'string', describe: 'Hotkey name (also BT_WALLET_HOTKEY).' })
        .option('wallet.path', { type: 'string', describe: 'Wallets folder (also BT_WALLET_PATH).' })
        .option('subtensor.network', { type: 'string', describe: 'finney, test, local or a ws(s):// URL.' })
        .option('subtensor.chain_endpoint', {
          type: 'string',
          describe: 'ws(s):// endpoint of a subtensor node.',
        })
        .option('netuid', NETUID_OPTION)
        .option('allow-unrecognised-subnet', ALLOW_UNRECOGNISED_SUBNET_OPTION)
        .option('dtype', {
          choices: DTYPES,
          default: 'bfloat16' as WeightsDtype,
          describe: 'On-disk dtype of the uploaded weights.',
        })
        .option('hub-url', {
          type: 'string',
          describe: 'Hugging Face Hub URL (also HF_ENDPOINT); default huggingface.co.',
        })
        .option('commit_attempts', {
          type: 'number',
          default: 10,
          describe:
            'Chain commitment attempts across rate limits before giving up (the repo then stays private; run again to resume).',
        })
        .option('list_competitions', {
          type: 'boolean',
          describe: 'List the competitions and their limits, then exit.',
        })
        .option('dry-run', {
          type: 'boolean',
          describe:
            'Run every check the upload runs (the weights converted too), show the repo and the steps, publish nothing.',
        }) as unknown as Argv<UploadArgs>,
    handler: (argv) => upload(ctx, argv),
  };
}
