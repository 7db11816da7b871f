/** The messages of the JSON log lines pixel writes to a non-terminal stderr, one per line. */
export function logMessages(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => (JSON.parse(line) as { msg: string }).msg)
    .join('\n');
}
