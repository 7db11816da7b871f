/** This process's peak resident set size so far, in MB (10^6 bytes). */
export function peakRssMb(): number {
  return (process.resourceUsage().maxRSS * 1024) / 1e6;
}
