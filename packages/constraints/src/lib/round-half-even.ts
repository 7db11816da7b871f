/**
 * Python's `round()` and NumPy's `np.round`: the nearest integer, halves to the even neighbour (0.5 -> 0,
 * 1.5 -> 2, 2.5 -> 2). The SDK rounds u16 weights this way, diffusers its timesteps, torchvision its crops.
 */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
