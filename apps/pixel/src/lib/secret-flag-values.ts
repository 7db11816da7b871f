/** Words that make a flag's value a secret wherever they appear in its name (`--hub_token`, `--wallet-password`). */
const SECRET_WORDS = /token|passw|secret|phrase|mnemonic|credential/i;
/** Words that do only as a whole part of the name: `--api-key`, `--auth`, `--pw`, but not `--wallet.hotkey`. */
const SECRET_PARTS = new Set(['key', 'apikey', 'auth', 'pw', 'pwd']);

function isSecretFlag(name: string): boolean {
  if (SECRET_WORDS.test(name)) return true;
  const parts = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[-_.\s]+/);
  return parts.some((part) => SECRET_PARTS.has(part));
}

/**
 * The values given on the command line to flags whose name says they hold a secret (token, password,
 * secret, phrase, key...), as `--flag value` or `--flag=value`, so they are redacted like secrets from the
 * environment. A value is never the next flag (`--hub_token --seed 1` gives none).
 */
export function secretFlagValues(argv: readonly string[]): string[] {
  const values: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const match = /^--?([^=]+)(?:=([\s\S]*))?$/.exec(argv[index]!);
    if (!match || argv[index] === '--' || !isSecretFlag(match[1]!)) continue;
    const value = match[2] ?? argv[index + 1];
    if (match[2] === undefined && (value === undefined || value.startsWith('-'))) continue;
    if (value) values.push(value);
  }
  return values;
}
