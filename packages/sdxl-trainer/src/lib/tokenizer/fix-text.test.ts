import { fixText } from './fix-text.js';

describe('fixText (ftfy.fix_text without mojibake repair)', () => {
  it.each([
    ['3 dogs &amp; 2 cats', '3 dogs & 2 cats'],
    ['&amp;amp; unescapes to a fixed point', '& unescapes to a fixed point'],
    ['&eacute;t&#233; &#x263a; &#150; &bogus;', 'été ☺ – &bogus;'],
    ['“smart” ‘quotes’', '"smart" \'quotes\''],
    ['ﬁne ﬂour', 'fine flour'],
    ['ｆｕｌｌ\u3000ＡＢＣ ﾀ', 'full ABC タ'],
    ['a\r\nb\u2028c', 'a\nb\nc'],
    ['\u001b[31mred\u001b[0m', 'red'],
    ['zero\u200b\ufeffwidth\u0007', 'zero\u200bwidth'],
    ['cafe\u0301', 'café'],
    ['\u0093quoted\u0094', '"quoted"'],
  ])('%j -> %j', (input, output) => {
    expect(fixText(input)).toBe(output);
  });

  it('stops unescaping entities from the first line that looks like HTML', () => {
    expect(fixText('&lt;b&gt;\n<b> &amp;\n&amp;')).toBe('<b>\n<b> &amp;\n&amp;');
  });
});
