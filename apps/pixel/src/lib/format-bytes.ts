const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Binary units, as the limits are defined in powers of 1024. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value >= 100 ? 0 : 2).replace(/\.00$/, '')} ${UNITS[unit]}`;
}
