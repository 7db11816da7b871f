import { PYTHON_WHITESPACE } from './python-whitespace.js';

// transformers' BasicTokenizer(strip_accents=False, do_split_on_punc=False), which CLIPTokenizer uses
// instead of ftfy when ftfy is not installed: drop control characters, map whitespace to spaces,
// put spaces around CJK ideographs, NFC, split on whitespace, lower-case.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000\ufffd]|(?![\t\n\r])\p{C}/gu;
const WHITESPACE = /[ \t\n\r\p{Zs}]/gu;
const CJK_IDEOGRAPH =
  /[\u{4e00}-\u{9fff}\u{3400}-\u{4dbf}\u{20000}-\u{2a6df}\u{2a700}-\u{2b73f}\u{2b740}-\u{2b81f}\u{2b820}-\u{2ceaf}\u{f900}-\u{faff}\u{2f800}-\u{2fa1f}]/gu;
const SPLIT = new RegExp(`[${PYTHON_WHITESPACE}]+`);

/** The words BasicTokenizer.tokenize(text) returns. */
export function basicTokenize(text: string): string[] {
  const cleaned = text
    .replace(CONTROL, '')
    .replace(WHITESPACE, ' ')
    .replace(CJK_IDEOGRAPH, (char) => ` ${char} `)
    .normalize('NFC');
  return cleaned
    .split(SPLIT)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}
