/**
 * A runner for tasks that may run side by side but whose errors must be their own: a task that fails is run
 * once more with no other task of this runner in flight, and that run's outcome is returned. For libraries
 * that keep one error log per process: libvips (under sharp) appends every failing operation's message to a
 * global buffer, so two decodes failing together can each report the other's file, or lose their own message
 * (lovell/sharp#902, libvips/libvips#707). Only failures pay for the solo run.
 */
export function createSoloRetry(): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const drainedWaiters: (() => void)[] = [];
  let soloQueue: Promise<unknown> = Promise.resolve();
  let soloPending = 0;
  // Set while a solo run waits or runs: tasks that start meanwhile wait for it, so the solo run is not starved.
  let soloPhase: { done: Promise<void>; end: () => void } | undefined;

  const together = async <T>(task: () => Promise<T>): Promise<T> => {
    while (soloPhase) await soloPhase.done;
    running += 1;
    try {
      return await task();
    } finally {
      running -= 1;
      if (running === 0) for (const wake of drainedWaiters.splice(0)) wake();
    }
  };

  const alone = <T>(task: () => Promise<T>): Promise<T> => {
    if (soloPending++ === 0) {
      let end!: () => void;
      soloPhase = { done: new Promise<void>((resolve) => (end = resolve)), end };
    }
    const outcome = soloQueue.then(async () => {
      if (running > 0) await new Promise<void>((resolve) => drainedWaiters.push(resolve));
      return task();
    });
    soloQueue = outcome
      .catch(() => undefined)
      .then(() => {
        if (--soloPending === 0) {
          const phase = soloPhase!;
          soloPhase = undefined;
          phase.end();
        }
      });
    return outcome;
  };

  return async (task) => {
    try {
      return await together(task);
    } catch {
      return alone(task);
    }
  };
}
