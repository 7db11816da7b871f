import {
  SCORING,
  computeWins,
  listCompetitions,
  movingAverage,
  scatterWeights,
  stepWeights,
} from '../index.js';
import { referenceVectors } from '@pixel-tools/test-support';

const scoring = referenceVectors().scoring;
const TOLERANCE = 1e-12;

const byUid = (values: Record<string, number>): Map<number, number> =>
  new Map(Object.entries(values).map(([uid, v]) => [Number(uid), v]));

function expectClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => expect(Math.abs(value - expected[i]!)).toBeLessThanOrEqual(TOLERANCE));
}

describe('scoring reference vectors', () => {
  it('uses the reference constants', () => {
    expect(SCORING.timestampEpsilon).toBe(scoring.epsilon);
    expect(SCORING.temperature).toBe(scoring.temperature);
    expect(SCORING.movingAverageAlpha).toBe(scoring.alpha);
  });

  it.each(scoring.rounds.map((round, i) => [i, round]))(
    'round %i: wins, win rate, step weights and weights',
    (_, round) => {
      const { wins, winRate } = computeWins(round.uids, round.losses, round.blocks, scoring.epsilon);
      expect(Object.fromEntries(wins)).toEqual(round.wins);
      expect([...winRate.keys()]).toEqual(round.uids);
      expectClose(
        [...winRate.values()],
        round.uids.map((uid) => round.win_rate[uid]!),
      );

      const step = stepWeights(winRate, scoring.temperature);
      expect([...step.keys()]).toEqual(round.uids);
      expectClose(
        [...step.values()],
        round.uids.map((uid) => round.step_weights[uid]!),
      );

      const total = listCompetitions().length * listCompetitions()[0]!.rewardShare;
      const next = scatterWeights(step, scoring.n, total);
      expectClose(movingAverage(round.weights_before, next, scoring.alpha), round.weights_after);
    },
  );

  it("chains the rounds: each starts from the previous round's weights", () => {
    let weights = new Array<number>(scoring.n).fill(0);
    for (const round of scoring.rounds) {
      expectClose(weights, round.weights_before);
      // Maps here, plain JSON objects above: both input shapes are accepted.
      const losses = new Map(Object.entries(round.losses).map(([uid, l]) => [Number(uid), l]));
      const { winRate } = computeWins(round.uids, losses, byUid(round.blocks), scoring.epsilon);
      weights = movingAverage(
        weights,
        scatterWeights(stepWeights(winRate, scoring.temperature), scoring.n, 1),
        scoring.alpha,
      );
    }
    expectClose(weights, scoring.rounds.at(-1)!.weights_after);
  });
});
