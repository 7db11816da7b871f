/** Characters a POSIX shell reads literally, so words made only of them need no quotes. */
const PLAIN_WORD = /^[\w@%+=:,./-]+$/;

/**
 * One word of a command line the user can paste into a shell: quoted only when it needs it, so the printed
 * command stays readable (`./images`, but `'it'\''s here'`; the empty word is `''`).
 */
export function shellWord(word: string): string {
  return PLAIN_WORD.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
