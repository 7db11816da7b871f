/** How many times a thread checks for the next task before it sleeps (a few nanoseconds each). */
export const SPINS = 20000;

/**
 * The code of each helper thread (run with `eval`, so it needs no file of its own and no TypeScript loader):
 * it instantiates the kernels' module on the shared memory, then waits for a task, runs its share
 * (`run(args, thread, threads)`) and counts itself done, until told to stop (a task at address 0). It
 * watches for the next task for a few tens of microseconds before sleeping: kernels come one after
 * another, and a sleeping thread takes longer than that to wake. Control words: [0] task generation,
 * [1] helpers done, [2] the task's argument address.
 */
export function workerSource(): string {
  return `
const { workerData } = require('node:worker_threads');
const { module, memory, control, thread, threads } = workerData;
const { run } = new WebAssembly.Instance(module, { env: { memory } }).exports;
const state = new Int32Array(control);
let seen = 0;
for (;;) {
  for (let spin = 0; spin < ${SPINS} && Atomics.load(state, 0) === seen; spin++);
  Atomics.wait(state, 0, seen);
  seen = Atomics.load(state, 0);
  const args = Atomics.load(state, 2);
  if (args === 0) break;
  run(args, thread, threads);
  if (Atomics.add(state, 1, 1) === threads - 2) Atomics.notify(state, 1);
}
`;
}
