import type { DemoReport } from '../types.js';

/** The demo's report for people: what was trained, the losses, the Hub commit, the chain block, the validator's verdict. */
export function formatDemoReport(report: DemoReport): string {
  const { training, upload, rival, validator } = report;
  const loss = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(4));
  const rows = validator.models.map((model) =>
    [
      String(model.uid).padStart(3),
      String(model.block).padStart(6),
      // Only a revision whose hash matches the chain's is accepted; the others' problems say why not.
      model.hashDownloaded !== undefined && model.hashDownloaded === model.hashOnChain ? 'yes' : ' - ',
      model.problems.length === 0 ? 'accepted' : `refused: ${model.problems.join('; ')}`,
      loss(model.averageLoss).padStart(8),
      (model.winRate ?? 0).toFixed(3).padStart(8),
      model.stepWeight.toFixed(4).padStart(6),
      model.weight.toFixed(4).padStart(7),
      String(model.weightOnChain).padStart(6),
      model.committed,
    ].join('  '),
  );
  return [
    '',
    `Pixel demo: the miner's loop on a local network, ${report.seconds.toFixed(1)} s`,
    '',
    ...report.stages.map((stage) => `  ${stage.seconds.toFixed(1).padStart(6)} s  ${stage.name}`),
    '',
    `Dataset     ${report.dataset.samples} images from the local image store (${report.dataset.dir})`,
    `Training    ${training.steps} steps at ${training.resolution} px on ${training.baseModel}`,
    `            training loss ${loss(training.firstLoss)} at step 1, smoothed ${loss(training.lastSmoothedLoss)} at the end`,
    `Miner check validator loss on the miner's images: base ${loss(training.check.baseLoss)} -> trained ${loss(training.check.trainedLoss)}; ` +
      `${training.check.worthPushing ? 'worth pushing' : 'NOT worth pushing'} (${training.check.reason})`,
    `Hub         ${upload.repo} at commit ${upload.commit}`,
    `Chain       uid ${upload.uid} committed at block ${upload.block}: ${upload.committed}`,
    `Rival       uid ${rival.uid} committed the untrained base (${rival.repo}) earlier, at block ${rival.block}`,
    '',
    `Validator   uid ${validator.uid}, ${validator.evaluationSamples} fresh images at ${validator.resolution} px; weights set at block ${validator.weightsBlock}`,
    `            step weights sum to ${validator.stepWeightsSum.toFixed(6)}; after the moving average from zero (a first round) ${validator.weightsSum.toFixed(6)}`,
    '  uid   block  hash ok  verdict   avg loss  win rate   step  weight  on chain (u16)  model id',
    ...rows.map((row) => `  ${row}`),
    '',
    report.verdict,
    '',
  ].join('\n');
}
