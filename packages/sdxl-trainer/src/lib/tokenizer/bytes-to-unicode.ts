/**
 * GPT-2/CLIP's reversible byte -> character table: printable Latin-1 bytes map to themselves, the
 * other 68 bytes to U+0100 onwards, so every UTF-8 byte string is a string of visible characters.
 */
export function bytesToUnicode(): string[] {
  const table = new Array<string>(256);
  let next = 256;
  for (let byte = 0; byte < 256; byte++) {
    const printable =
      (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
    table[byte] = String.fromCharCode(printable ? byte : next++);
  }
  return table;
}
