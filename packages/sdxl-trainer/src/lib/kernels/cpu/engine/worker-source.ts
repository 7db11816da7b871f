/**
 * How many times a thread checks for the next task (or the caller for the last units) before it sleeps, a
 * few nanoseconds each: a few microseconds. Longer watching cost a busy machine more CPU than it saved.
 */
export const SPINS = 1000;

/**
 * The code of each helper thread (run with `eval`, so it needs no file of its own and no TypeScript loader):
 * it instantiates the kernels' module on the shared memory, then waits for the published generation to
 * change and runs units of that task (`run(args, generation, thread)`, which claims them), until
 * the engine's epoch moves past its own (the thread count changed), watching briefly (SPINS) before it
 * sleeps. `words` are the int32 indices of the control words and `ring` where the arguments are.
 */
export function workerSource(): string {
  return `
const { workerData } = require('node:worker_threads');
const { module, memory, thread, epoch, words, ring } = workerData;
const { run } = new WebAssembly.Instance(module, { env: { memory } }).exports;
const control = new Int32Array(memory.buffer, 0, 256);
let seen = Atomics.load(control, words.published);
for (;;) {
  for (let spin = 0; spin < ${SPINS} && Atomics.load(control, words.published) === seen; spin++);
  Atomics.wait(control, words.published, seen);
  seen = Atomics.load(control, words.published);
  // Checked after reading the task, not before: a task published after the thread count changed is then
  // seen with the new epoch, so this thread never joins it beside the new thread of its index (whose scratch
  // memory it would share).
  if (Atomics.load(control, words.epoch) !== epoch) break;
  run(ring.start + (seen % ring.size) * ring.bytes, seen, thread);
}
`;
}
