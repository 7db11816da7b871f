/**
 * `torch.linspace(start, end, count, dtype=torch.float32)` bit for bit as PyTorch's CPU kernel computes
 * it: float32 step (end - start) / (count - 1); the first half counted up from `start` and the second
 * half down from `end`, in 8-lane vectors (the AVX2 kernel) whose base `start + step * i` is one fused
 * multiply-add and whose lanes add `k * step`. diffusers builds its beta schedules with it.
 */
export function torchLinspaceFloat32(start: number, end: number, count: number): Float32Array {
  const f32 = Math.fround;
  const first = f32(start);
  const last = f32(end);
  const step = count > 1 ? f32(f32(last - first) / (count - 1)) : 0;
  const halfway = Math.floor(count / 2);
  const lanes = 8;
  const values = new Float32Array(count);
  for (let base = 0; base < count; base += lanes) {
    const origin = base < halfway ? f32(first + step * base) : f32(last - step * (count - base - 1));
    for (let lane = 0; lane < lanes && base + lane < count; lane++) {
      values[base + lane] = f32(origin + f32(lane * step));
    }
  }
  return values;
}
