export interface Timing {
  wallMs: number;
  /** This process's CPU time: with other work competing for the cores, closer to the uncontended time. */
  cpuMs: number;
}

/**
 * Median wall-clock and median process CPU milliseconds of `runs` calls of `work`, after one warm-up call
 * (the first call pays for compilation) unless `warmUp` is false, for work long enough not to need it.
 */
export async function timeRuns(
  runs: number,
  work: () => unknown,
  { warmUp = true }: { warmUp?: boolean } = {},
): Promise<Timing> {
  if (warmUp) await work();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < runs; run++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await work();
    const used = process.cpuUsage(cpuStart);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
  return { wallMs: median(wall), cpuMs: median(cpu) };
}
