/** A tile's file name, from our own index as in the reference: `000000001_part_1.png` ... `_part_4.png`. */
export function tileFileName(index: number, part: number): string {
  return `${String(index).padStart(9, '0')}_part_${part}.png`;
}
