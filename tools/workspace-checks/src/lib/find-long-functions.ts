import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';

const TOO_LONG = /^(.+) has too many lines \((\d+)\)\. Maximum allowed is \d+\.$/;

/**
 * The functions of `files` (each its path relative to `root` and its text) longer than `maxLines`, measured by
 * eslint's max-lines-per-function with blank lines and comments skipped: `<file>: <eslint's name for it>`
 * (`Async function 'train'`, `Method 'step'`; `#2`, `#3` for the second and third of the same name in a file)
 * -> lines.
 */
export function findLongFunctions(
  root: string,
  files: readonly { path: string; text: string }[],
  maxLines: number,
): Map<string, number> {
  const linter = new Linter({ configType: 'flat', cwd: root });
  const rules: Linter.RulesRecord = {
    'max-lines-per-function': ['error', { max: maxLines, skipBlankLines: true, skipComments: true }],
  };
  // Comments cannot switch the rule off: an `eslint-disable` is no way around the limit.
  const linterOptions: Linter.LinterOptions = { noInlineConfig: true, reportUnusedDisableDirectives: 'off' };
  const config: Linter.Config[] = [
    { files: ['**/*.{ts,mts,cts}'], languageOptions: { parser: tseslint.parser as Linter.Parser }, rules },
    { files: ['**/*.{js,mjs,cjs}'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module' }, rules },
    { linterOptions },
  ];
  const long = new Map<string, number>();
  for (const file of files) {
    for (const message of linter.verify(file.text, config, { filename: path.join(root, file.path) })) {
      if (message.fatal)
        throw new Error(`${file.path}:${message.line}: eslint cannot parse it: ${message.message}`);
      const match = message.ruleId === 'max-lines-per-function' ? TOO_LONG.exec(message.message) : null;
      if (!match) continue;
      let key = `${file.path}: ${match[1]}`;
      for (let index = 2; long.has(key); index++) key = `${file.path}: ${match[1]} #${index}`;
      long.set(key, Number(match[2]));
    }
  }
  return long;
}
