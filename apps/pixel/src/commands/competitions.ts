import { listCompetitions, SUBNET_UID, type Competition } from '@pixel/constraints';
import type { CommandModule } from 'yargs';
import type { CommandContext } from '../lib/context.js';
import { formatTable } from '../lib/format-table.js';
import { formatBytes } from '../lib/format-bytes.js';

export function competitionsTable(competitions: readonly Competition[]): string {
  return formatTable(
    ['id', 'architecture', 'max parameters', 'max repo size', 'reward share', 'base model', 'vae'],
    competitions.map((c) => [
      c.id,
      c.architecture,
      `${c.maxParameters.toLocaleString('en-US')} (${(c.maxParameters / 1e9).toFixed(2)} B)`,
      `${formatBytes(c.maxRepoBytes)} (${c.maxRepoBytes.toLocaleString('en-US')} bytes)`,
      c.rewardShare.toFixed(2),
      c.baseModel,
      c.vaeModel,
    ]),
  );
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
          handler: () => {
            ctx.stdout.write(`Subnet ${SUBNET_UID} competitions\n\n${competitionsTable(listCompetitions())}\n`);
          },
        })
        .demandCommand(1, 'Name a subcommand: list'),
    handler: () => undefined,
  };
}
