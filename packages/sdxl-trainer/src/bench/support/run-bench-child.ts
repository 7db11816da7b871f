import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs a bench script again in a fresh Node.js process with `args` and parses the JSON it prints, so each
 * measured operation gets its own peak RSS (`process.resourceUsage().maxRSS` never goes down).
 */
export function runBenchChild<Result>(scriptUrl: string, args: readonly string[]): Result {
  const output = execFileSync(process.execPath, [fileURLToPath(scriptUrl), ...args], { encoding: 'utf8' });
  return JSON.parse(output) as Result;
}
