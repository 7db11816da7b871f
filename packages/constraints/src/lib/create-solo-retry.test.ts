import { createSoloRetry } from './create-solo-retry.js';

/** A task whose start and end are recorded, and which settles when told to. */
function controlledTask(name: string, log: string[], fail: () => boolean) {
  const runs: (() => void)[] = [];
  const task = () =>
    new Promise<string>((resolve, reject) => {
      log.push(`start ${name}`);
      runs.push(() => {
        log.push(`end ${name}`);
        if (fail()) reject(new Error(`${name} failed`));
        else resolve(name);
      });
    });
  return { task, settle: () => runs.shift()!() };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('createSoloRetry', () => {
  it('runs tasks side by side and returns their values', async () => {
    const run = createSoloRetry();
    const log: string[] = [];
    const a = controlledTask('a', log, () => false);
    const b = controlledTask('b', log, () => false);
    const results = [run(a.task), run(b.task)];
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    b.settle();
    a.settle();
    expect(await Promise.all(results)).toEqual(['a', 'b']);
  });

  it('runs a failed task again once every other task has finished, and none starts beside it', async () => {
    const run = createSoloRetry();
    const log: string[] = [];
    let failures = 0;
    const failing = controlledTask('f', log, () => ++failures <= 2);
    const slow = controlledTask('s', log, () => false);
    const late = controlledTask('l', log, () => false);
    const failed = run(failing.task);
    const slowDone = run(slow.task);
    await tick();
    failing.settle(); // the first failure: its solo run waits for `s`
    await tick();
    const lateDone = run(late.task); // started during the solo phase: waits for it
    await tick();
    expect(log).toEqual(['start f', 'start s', 'end f']);
    slow.settle();
    await tick();
    expect(log.slice(3)).toEqual(['end s', 'start f']);
    failing.settle(); // the solo run fails too: its error is the one reported
    await expect(failed).rejects.toThrow('f failed');
    await tick();
    expect(log.slice(5)).toEqual(['end f', 'start l']);
    late.settle();
    expect(await Promise.all([slowDone, lateDone])).toEqual(['s', 'l']);
  });

  it('returns the value of a solo run that succeeds, and runs several failures one at a time', async () => {
    const run = createSoloRetry();
    const log: string[] = [];
    const attempts = new Map<string, number>();
    const flaky = (name: string) => async () => {
      const attempt = (attempts.get(name) ?? 0) + 1;
      attempts.set(name, attempt);
      log.push(`start ${name}${attempt}`);
      await tick();
      log.push(`end ${name}${attempt}`);
      if (attempt === 1) throw new Error(`${name} failed`);
      return name;
    };
    expect(await Promise.all([run(flaky('x')), run(flaky('y'))])).toEqual(['x', 'y']);
    expect(log.slice(0, 4).sort()).toEqual(['end x1', 'end y1', 'start x1', 'start y1']);
    expect(log.slice(4)).toEqual(['start x2', 'end x2', 'start y2', 'end y2']);
  });
});
