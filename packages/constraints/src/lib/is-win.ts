/**
 * Whether model A beats model B on one batch, as the reference's `iswin`: the loss of whichever
 * model was committed at the earlier block is multiplied by (1 - epsilon) before the comparison,
 * so a later copy must be clearly better to win. Equal blocks get no advantage; ties lose.
 */
export function isWin(
  lossA: number,
  lossB: number,
  blockA: number,
  blockB: number,
  epsilon: number,
): boolean {
  const adjustedA = blockA < blockB ? (1 - epsilon) * lossA : lossA;
  const adjustedB = blockB < blockA ? (1 - epsilon) * lossB : lossB;
  return adjustedA < adjustedB;
}
