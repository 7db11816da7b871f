import { closestFlag } from './closest-flag.js';

interface TypedFlag {
  /** As the user typed it, without a value: `--num-sample`, `-x`. */
  display: string;
  name: string;
  /** The keys yargs may list it under: the name, its camelCase form, and without `no-` (negation). */
  keys: Set<string>;
}

const camelCase = (name: string) => name.replace(/-+([^-])/g, (_, letter: string) => letter.toUpperCase());

function typedFlags(argv: readonly string[]): TypedFlag[] {
  const flags: TypedFlag[] = [];
  for (const arg of argv) {
    if (arg === '--') break;
    const match = /^(--?)([^=\d-][^=]*)/.exec(arg);
    if (!match) continue;
    const [, dashes = '', name = ''] = match;
    const plain = name.replace(/^no-/, '');
    flags.push({
      display: `${dashes}${name}`,
      name,
      keys: new Set([name, camelCase(name), plain, camelCase(plain)]),
    });
  }
  return flags;
}

/**
 * yargs' "Unknown argument(s): …" report for people: each unknown flag once and as typed (yargs also lists
 * the camelCase alias it made, `numSample`), other unknown words as they are, then "Did you mean --x?" for a
 * flag close to one of `known` (the command's flags). Any other message comes back as it is.
 */
export function unknownArgumentsReport(
  message: string,
  argv: readonly string[],
  known: readonly string[],
): string[] {
  const match = /^Unknown arguments?: ([\s\S]*)$/.exec(message);
  if (!match) return [message];
  const flags = typedFlags(argv);
  const shown: string[] = [];
  const unknownFlags: TypedFlag[] = [];
  for (const key of match[1]!.split(', ')) {
    const flag = flags.find((f) => f.keys.has(key));
    if (!flag) shown.push(key);
    else if (!unknownFlags.includes(flag)) {
      unknownFlags.push(flag);
      shown.push(flag.display);
    }
  }
  const suggestions = unknownFlags.flatMap((flag) => {
    const meant = closestFlag(flag.name, known);
    return meant ? [{ flag, meant: `--${meant}` }] : [];
  });
  return [
    `${shown.length === 1 ? 'Unknown argument' : 'Unknown arguments'}: ${shown.join(', ')}`,
    ...suggestions.map(({ flag, meant }) =>
      shown.length === 1 ? `Did you mean ${meant}?` : `Did you mean ${meant} for ${flag.display}?`,
    ),
  ];
}
