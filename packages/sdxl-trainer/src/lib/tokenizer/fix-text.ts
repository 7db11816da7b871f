import { HTML4_ENTITY_CODEPOINTS } from './html-entities.js';

// Hugging Face's slow CLIPTokenizer cleans every prompt with ftfy.fix_text() when ftfy is installed
// (it is, in the reference trainer's requirements). This is the part of fix_text (ftfy 6, default
// settings) that changes real prompts, applied in ftfy's order until the text stops changing:
// HTML entities ("auto": not once a line contains "<"), C1 controls read as Windows-1252, Latin
// ligatures, full/half-width forms, curly quotes, line breaks, lone surrogates, terminal escapes,
// control characters, NFC. Not done: ftfy's mojibake detection and repair (fix_encoding), which
// needs ftfy's character-class badness model; prompts that are valid Unicode never need it.

const HTML_ENTITY = /&#?[0-9A-Za-z]{1,24};/g;
const C1_CONTROL = /[\u0080-\u009f]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TERMINAL_ESCAPE = /\u001b\[((?:\d|;)*)([a-zA-Z])/g;
const SINGLE_QUOTE = /[\u2018-\u201b]/g;
const DOUBLE_QUOTE = /[\u201c-\u201f]/g;
const LINE_BREAK = /\r\n|[\r\u2028\u2029\u0085]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const CONTROL_CHARACTER =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b\u000e-\u001f\u007f\u206a-\u206f\ufeff\ufff9-\ufffc\u{1d173}-\u{1d17a}\u{e0000}-\u{e007f}]/gu;
const LATIN_LIGATURES: Readonly<Record<string, string>> = {
  '\u0132': 'IJ',
  '\u0133': 'ij',
  '\ufb00': 'ff',
  '\ufb01': 'fi',
  '\ufb02': 'fl',
  '\ufb03': 'ffi',
  '\ufb04': 'ffl',
  '\ufb05': '\u017ft',
  '\ufb06': 'st',
};
const LATIN_LIGATURE = /[\u0132\u0133\ufb00-\ufb06]/g;
// Halfwidth and Fullwidth Forms whose NFKC form differs, plus the ideographic space.
const WIDTH_FORM = /[\u3000\uff01-\uffef]/g;

// Windows-1252 for bytes 0x80-0x9F; its five undefined bytes stay themselves ("sloppy" 1252, as
// ftfy and Python's html.unescape read them). Node's TextDecoder reads this label as Latin-1.
const WINDOWS_1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Windows-1252 reading of a C1 control code point. */
function c1AsWindows1252(char: string): string {
  return WINDOWS_1252_C1[char.charCodeAt(0) - 0x80]!;
}

/** Python's html.unescape for one numeric character reference (its replacement rules included). */
function unescapeNumericReference(reference: string): string {
  const hex = /^&#[xX]([0-9a-fA-F]+);$/.exec(reference);
  const decimal = /^&#([0-9]+);$/.exec(reference);
  if (!hex && !decimal) return reference;
  const codePoint = hex ? parseInt(hex[1]!, 16) : parseInt(decimal![1]!, 10);
  if (codePoint === 0) return '\ufffd';
  if (codePoint === 0x0d) return '\r';
  if (codePoint >= 0x80 && codePoint <= 0x9f) return c1AsWindows1252(String.fromCharCode(codePoint));
  if ((codePoint >= 0xd800 && codePoint <= 0xdfff) || codePoint > 0x10ffff) return '\ufffd';
  const invalid =
    (codePoint >= 0x01 && codePoint <= 0x08) ||
    codePoint === 0x0b ||
    (codePoint >= 0x0e && codePoint <= 0x1f) ||
    codePoint === 0x7f ||
    (codePoint >= 0xfdd0 && codePoint <= 0xfdef) ||
    (codePoint & 0xfffe) === 0xfffe;
  return invalid ? '' : String.fromCodePoint(codePoint);
}

function unescapeHtml(text: string): string {
  return text.replace(HTML_ENTITY, (entity) => {
    if (entity.startsWith('&#')) return unescapeNumericReference(entity);
    const codePoint = HTML4_ENTITY_CODEPOINTS[entity.slice(1, -1)];
    return codePoint === undefined ? entity : String.fromCodePoint(codePoint);
  });
}

function fixSegment(segment: string, unescapeEntities: boolean): string {
  let text = segment;
  for (;;) {
    const before = text;
    if (unescapeEntities) text = unescapeHtml(text);
    text = text
      .replace(C1_CONTROL, c1AsWindows1252)
      .replace(LATIN_LIGATURE, (char) => LATIN_LIGATURES[char]!)
      .replace(WIDTH_FORM, (char) => (char === '\u3000' ? ' ' : char.normalize('NFKC')))
      .replace(SINGLE_QUOTE, "'")
      .replace(DOUBLE_QUOTE, '"')
      .replace(LINE_BREAK, '\n')
      .replace(LONE_SURROGATE, '\ufffd')
      .replace(TERMINAL_ESCAPE, '')
      .replace(CONTROL_CHARACTER, '')
      .normalize('NFC');
    if (text === before) return text;
  }
}

/** ftfy.fix_text(text) with default settings, minus mojibake repair (see above). */
export function fixText(text: string): string {
  // ftfy fixes line by line; the first line containing "<" marks the text as HTML from there on.
  let unescapeEntities = true;
  let fixed = '';
  for (const segment of text.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
    if (segment.includes('<')) unescapeEntities = false;
    fixed += fixSegment(segment, unescapeEntities);
  }
  return fixed;
}
