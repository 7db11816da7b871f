// Python's str.isspace() / regex \s for str patterns, which JavaScript's \s does not match exactly
// (Python adds U+001C-U+001F and U+0085 and leaves out U+FEFF).
export const PYTHON_WHITESPACE =
  '\\t\\n\\v\\f\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
