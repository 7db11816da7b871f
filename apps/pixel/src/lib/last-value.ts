/** A flag given twice takes its last value, as with the reference's argparse (yargs `coerce`). */
export function lastValue<T>(value: T | T[]): T {
  return Array.isArray(value) ? value.at(-1)! : value;
}
