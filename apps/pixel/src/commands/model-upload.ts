import path from 'node:path';
import { connectSubtensor, loadHotkey, resolveChainCliConfig, type KeyringPair } from '@pixel/chain';
import { listCompetitions, ORIGINAL_COMPETITION_ID, SUBNET_UID } from '@pixel/constraints';
import { readAccessToken } from '@pixel/hub';
import {
  Actions,
  checkUpload,
  CommitFailedError,
  resolveUnetDir,
  UploadCheckError,
  type UploadProblem,
  type WeightsDtype,
} from '@pixel/miner';
import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';
import type { CommandContext } from '../lib/context.js';
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
  competition_id: string;
  netuid: number;
  dtype: WeightsDtype;
  'hub-url'?: string;
  'dry-run'?: boolean;
  list_competitions?: boolean;
  commit_attempts: number;
}

function flagValue(argv: Record<string, unknown>, flag: string): string | undefined {
  const value = argv[flag];
  return value === undefined ? undefined : String(value);
}

/** The exact command that resumes this upload, for the note printed when the chain commitment fails. */
function resumeCommand(argv: Record<string, unknown>, args: UploadArgs): string {
  const quote = (value: string) =>
    /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
  const parts = ['pixel-upload', '--load_model_dir', args.load_model_dir!, '--hf_repo_id', args.hf_repo_id!];
  for (const flag of CHAIN_FLAGS) {
    const value = flagValue(argv, flag);
    if (value !== undefined) parts.push(`--${flag}`, value);
  }
  parts.push('--competition_id', args.competition_id, '--netuid', String(args.netuid), '--dtype', args.dtype);
  if (args['hub-url']) parts.push('--hub-url', args['hub-url']);
  return parts.map(quote).join(' ');
}

async function upload(ctx: CommandContext, argv: ArgumentsCamelCase<UploadArgs>): Promise<void> {
  const args = argv as unknown as UploadArgs & Record<string, unknown>;
  if (args.list_competitions) {
    ctx.stdout.write(competitionsReport(listCompetitions()));
    return;
  }
  if (!args.load_model_dir || !args.hf_repo_id) {
    throw new Error('Name the model and the repo: --load_model_dir <folder> --hf_repo_id <namespace/name>.');
  }
  const modelDir = path.resolve(ctx.cwd, args.load_model_dir);
  const chainArgv = CHAIN_FLAGS.flatMap((flag) => {
    const value = flagValue(args, flag);
    return value === undefined ? [] : [`--${flag}`, value];
  });
  const chainConfig = resolveChainCliConfig(chainArgv, ctx.env);
  const accessToken = await readAccessToken({ env: ctx.env, cwd: ctx.cwd });
  const hubUrl = args['hub-url'] ?? ctx.env.HF_ENDPOINT;

  const problems: UploadProblem[] = [];
  let hotkey: KeyringPair | undefined;
  try {
    hotkey = await loadHotkey(chainConfig.wallet);
  } catch (error) {
    problems.push({ check: 'wallet', message: (error as Error).message });
  }
  ctx.logger.info(`Connecting to ${chainConfig.network} (${chainConfig.endpoint})`);
  const subtensor = await connectSubtensor({ endpoint: chainConfig.endpoint });
  try {
    problems.push(
      ...(await checkUpload({
        modelDir,
        repo: args.hf_repo_id,
        competitionId: args.competition_id,
        dtype: args.dtype,
        accessToken,
        chain: hotkey && { subtensor, netuid: args.netuid, hotkey: hotkey.address },
      })),
    );
    if (problems.length > 0) throw new UploadCheckError(problems);
    if (args['dry-run']) {
      ctx.stdout.write(
        `Dry run: every check passed for ${args.hf_repo_id} (competition ${args.competition_id}, ${args.dtype}, ` +
          `subnet ${args.netuid}); nothing was uploaded or committed.\n`,
      );
      return;
    }
    const actions = Actions.create(
      {
        subtensor,
        netuid: args.netuid,
        hub: { accessToken, hubUrl },
        commitRetry: { attempts: args.commit_attempts },
        log: (line) => ctx.logger.info(line),
      },
      { hotkey: hotkey! },
    );
    const result = await actions.push(await resolveUnetDir(modelDir), {
      repo: args.hf_repo_id,
      competitionId: args.competition_id,
      dtype: args.dtype,
    });
    ctx.stdout.write(
      `Uploaded ${result.repo} at commit ${result.commit} and committed it on subnet ${args.netuid} at block ${result.block}:\n` +
        `  ${result.committed}\nThe repo is public; validators will evaluate it.\n`,
    );
  } catch (error) {
    if (error instanceof CommitFailedError) {
      throw new Error(`${error.message}\nResume with:\n  ${resumeCommand(args, args)}`, { cause: error });
    }
    throw error;
  } finally {
    await subtensor.disconnect();
  }
}

/** `pixel model upload` (also `pixel-upload`): the seed's upload_model.py command line, with pre-flight checks. */
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
            '(bfloat16 by default) to a private repo, commits its id and hash to the chain and makes the repo ' +
            'public only once the commitment lands. `pixel-upload` is the same command.',
        )
        .option('load_model_dir', {
          type: 'string',
          describe: 'A UNet folder, or a pipeline folder (its unet/ is used).',
        })
        .option('hf_repo_id', {
          type: 'string',
          describe: 'Hugging Face repo <namespace>/<name> to upload to.',
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
        .option('netuid', { type: 'number', default: SUBNET_UID, describe: 'Subnet uid.' })
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
            'Chain commitment attempts across rate limits before giving up (the repo then stays private).',
        })
        .option('list_competitions', {
          type: 'boolean',
          describe: 'List the competitions and their limits, then exit.',
        })
        .option('dry-run', {
          type: 'boolean',
          describe: 'Run every check and stop before anything is published.',
        }) as unknown as Argv<UploadArgs>,
    handler: (argv) => upload(ctx, argv),
  };
}
