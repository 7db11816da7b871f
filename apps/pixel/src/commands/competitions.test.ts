import { runPixel } from '../test-support/run-pixel.js';

describe('pixel competitions list', () => {
  it('prints m6 with its parameter and repo-size limits', async () => {
    const run = await runPixel(['competitions', 'list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'Subnet 17 competitions',
        '',
        'id  max parameters  max repo size                reward share  architecture          dataset',
        '--  --------------  ---------------------------  ------------  --------------------  -----------------',
        'm6  2,684,354,560   6 GiB (6,442,450,944 bytes)  100%          UNet2DConditionModel  midjourney_v6_all',
        '',
        'm6: fine-tune stabilityai/stable-diffusion-xl-base-1.0, VAE madebyollin/sdxl-vae-fp16-fix',
        '',
      ].join('\n'),
    );
  });

  it('prints JSON for scripts with --json', async () => {
    const run = await runPixel(['competitions', 'list', '--json']);
    expect(JSON.parse(run.stdout)).toEqual([
      expect.objectContaining({ id: 'm6', maxParameters: 2_684_354_560, maxRepoBytes: 6 * 1024 ** 3 }),
    ]);
  });

  it('asks for a subcommand', async () => {
    const run = await runPixel(['competitions']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('Name a subcommand: list\nRun `pixel --help` for usage.\n');
  });
});
