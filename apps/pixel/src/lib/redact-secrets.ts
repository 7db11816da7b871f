export const REDACTED = '[redacted]';

/** Shorter values would blank out ordinary words and numbers; real tokens and passwords are longer. */
const MIN_SECRET_LENGTH = 4;

/**
 * Replaces every occurrence of each secret in `text`, also in its JSON-escaped form (a password
 * with a quote or backslash is written escaped inside a JSON log line).
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first: a secret that contains another (`tok` and `tok-2`) is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    const escaped = JSON.stringify(secret).slice(1, -1);
    for (const form of new Set([secret, escaped])) out = out.split(form).join(REDACTED);
  }
  return out;
}
