import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs a bench script again in a fresh Node.js process with `args` and parses the JSON it prints, so each
 * measured operation gets its own peak RSS (`process.resourceUsage().maxRSS` never goes down). The child
 * gets this process's Node.js flags (e.g. --max-old-space-size); its stderr goes to this one's.
 */
export function runBenchChild<Result>(scriptUrl: string, args: readonly string[]): Result {
  const output = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(scriptUrl), ...args], {
    encoding: 'utf8',
  });
  return JSON.parse(output) as Result;
}
