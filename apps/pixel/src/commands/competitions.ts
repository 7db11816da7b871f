import { listCompetitions, SUBNET_UID, type Competition } from '@pixel/constraints';
import type { CommandModule } from 'yargs';
import type { CommandContext } from '../lib/context.js';
import { formatBytes } from '../lib/format-bytes.js';
import { formatTable } from '../lib/format-table.js';

/** The limits of each competition as a table, then the models each one fine-tunes. */
export function competitionsReport(competitions: readonly Competition[]): string {
  const table = formatTable(
    ['id', 'max parameters', 'max repo size', 'reward share', 'architecture', 'dataset'],
    competitions.map((c) => [
      c.id,
      c.maxParameters.toLocaleString('en-US'),
      `${formatBytes(c.maxRepoBytes)} (${c.maxRepoBytes.toLocaleString('en-US')} bytes)`,
      `${(c.rewardShare * 100).toFixed(0)}%`,
      c.architecture,
      c.dataset,
    ]),
  );
  const models = competitions.map((c) => `${c.id}: fine-tune ${c.baseModel}, VAE ${c.vaeModel}`);
  return `Subnet ${SUBNET_UID} competitions\n\n${table}\n\n${models.join('\n')}\n`;
}

export function competitionsCommand(ctx: CommandContext): CommandModule {
  return {
    command: 'competitions',
    describe: 'Competitions of subnet 17 and their limits',
    builder: (y) =>
      y
        .command({
          command: 'list',
          describe: 'List every competition with its parameter and repo-size limits',
          builder: (list) =>
            list.option('json', { type: 'boolean', default: false, describe: 'Print JSON for scripts' }),
          handler: (args) => {
            const competitions = listCompetitions();
            ctx.stdout.write(
              args.json ? `${JSON.stringify(competitions, null, 2)}\n` : competitionsReport(competitions),
            );
          },
        })
        .demandCommand(1, 'Name a subcommand: list'),
    handler: () => undefined,
  };
}
