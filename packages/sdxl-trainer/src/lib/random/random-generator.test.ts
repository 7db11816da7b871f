import { RandomGenerator, type RandomState } from './random-generator.js';

describe('RandomGenerator', () => {
  it('is xoshiro128**: the reference outputs for the state [1, 2, 3, 4]', () => {
    const random = RandomGenerator.fromState({ algorithm: 'xoshiro128**', words: [1, 2, 3, 4] });
    const outputs = Array.from({ length: 6 }, () => random.nextUint32());
    // From the C reference implementation (prng.di.unimi.it/xoshiro128starstar.c).
    expect(outputs).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('is deterministic for a seed and differs between seeds and streams', () => {
    const draw = (r: RandomGenerator) => Array.from({ length: 8 }, () => r.nextUint32());
    expect(draw(RandomGenerator.fromSeed(42))).toEqual(draw(RandomGenerator.fromSeed(42)));
    expect(draw(RandomGenerator.fromSeed(42))).not.toEqual(draw(RandomGenerator.fromSeed(43)));
    expect(draw(RandomGenerator.fromSeed(42, 'crop', 1))).toEqual(
      draw(RandomGenerator.fromSeed(42, 'crop', 1)),
    );
    expect(draw(RandomGenerator.fromSeed(42, 'crop', 1))).not.toEqual(
      draw(RandomGenerator.fromSeed(42, 'crop', 2)),
    );
    expect(draw(RandomGenerator.fromSeed(42, 'crop'))).not.toEqual(
      draw(RandomGenerator.fromSeed(42, 'flip')),
    );
    expect(draw(RandomGenerator.fromSeed(42, 1))).not.toEqual(draw(RandomGenerator.fromSeed(42)));
  });

  it('saves and restores its state through JSON: the restored generator continues the same sequence', () => {
    const random = RandomGenerator.fromSeed(7);
    random.fillNormal(new Float32Array(33));
    const saved = JSON.parse(JSON.stringify(random.state())) as RandomState;
    const expected = random.fillNormal(new Float32Array(100));
    const restored = RandomGenerator.fromState(saved).fillNormal(new Float32Array(100));
    expect(restored).toEqual(expected);
    const copy = random.clone();
    expect(copy.uniform()).toBe(random.uniform());
  });

  it('rejects states that are not its own with a message showing the expected shape', () => {
    expect(() => RandomGenerator.fromState({ algorithm: 'xoshiro128**', words: [0, 0, 0, 0] })).toThrow(
      /not all zero/,
    );
    expect(() =>
      RandomGenerator.fromState({ algorithm: 'mt19937', words: [1, 2, 3, 4] } as unknown as RandomState),
    ).toThrow(/Not a saved xoshiro128\*\* random state/);
    expect(() =>
      RandomGenerator.fromState({ algorithm: 'xoshiro128**', words: [1, 2, 3] } as unknown as RandomState),
    ).toThrow();
    expect(() =>
      RandomGenerator.fromState({ algorithm: 'xoshiro128**', words: [1, 2, 3, 2 ** 32] }),
    ).toThrow();
  });

  it('rejects seeds that --seed cannot be', () => {
    expect(() => RandomGenerator.fromSeed(-1)).toThrow(/non-negative integer/);
    expect(() => RandomGenerator.fromSeed(1.5)).toThrow(/non-negative integer/);
    expect(() => RandomGenerator.fromSeed(1, -2)).toThrow(/stream id/);
  });

  it('draws uniforms in [0, 1) with the right mean and variance', () => {
    const values = RandomGenerator.fromSeed(1).fillUniform(new Float32Array(100_000));
    let sum = 0;
    let sumSquares = 0;
    for (const v of values) {
      sum += v;
      sumSquares += v * v;
    }
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = sum / values.length;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(sumSquares / values.length - mean * mean).toBeCloseTo(1 / 12, 2);
  });

  it('draws standard normals (mean 0, std 1, symmetric tails) and honours mean/std and odd lengths', () => {
    const values = RandomGenerator.fromSeed(2).fillNormal(new Float32Array(100_001));
    let sum = 0;
    let sumSquares = 0;
    let beyondTwoSigma = 0;
    for (const v of values) {
      sum += v;
      sumSquares += v * v;
      if (Math.abs(v) > 2) beyondTwoSigma++;
    }
    expect(Number.isFinite(values[100_000]!)).toBe(true);
    expect(sum / values.length).toBeCloseTo(0, 2);
    expect(Math.sqrt(sumSquares / values.length)).toBeCloseTo(1, 2);
    expect(beyondTwoSigma / values.length).toBeCloseTo(0.0455, 2);
    const shifted = RandomGenerator.fromSeed(2).fillNormal(new Float32Array(4), 3, 0.5);
    const plain = RandomGenerator.fromSeed(2).fillNormal(new Float32Array(4));
    plain.forEach((v, i) => expect(shifted[i]).toBeCloseTo(3 + 0.5 * v, 5));
  });

  it('draws unbiased integers below a bound, including bounds that do not divide 2^32', () => {
    const random = RandomGenerator.fromSeed(3);
    const counts = new Array<number>(3).fill(0);
    for (let i = 0; i < 30_000; i++) counts[random.integer(3)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    expect(random.integer(1)).toBe(0);
    expect(() => random.integer(0)).toThrow(/bound/);
    expect(() => random.integer(2.5)).toThrow(/bound/);
  });

  it('shuffles to a permutation, every position reachable', () => {
    const random = RandomGenerator.fromSeed(4);
    const firsts = new Set<number>();
    for (let t = 0; t < 200; t++) {
      const items = random.shuffle([0, 1, 2, 3, 4]);
      expect([...items].sort()).toEqual([0, 1, 2, 3, 4]);
      firsts.add(items[0]!);
    }
    expect(firsts.size).toBe(5);
  });
});
