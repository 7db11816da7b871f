import { fileURLToPath } from 'node:url';

/**
 * The arguments `runBenchChild` started this process with when it runs the bench at `scriptUrl`, or
 * undefined in the parent: started without arguments, or imported by run-all (another script).
 */
export function benchChildArgs(scriptUrl: string): string[] | undefined {
  const args = process.argv.slice(2);
  return args.length > 0 && process.argv[1] === fileURLToPath(scriptUrl) ? args : undefined;
}
