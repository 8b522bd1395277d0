import { csvCell, csvRow } from './csv';

describe('csv', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+1', "'=1+1"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['-2', "'-2"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
    // Issue 11 finding 7: whitespace before the sign, and full-width signs.
    [' =1+1', "' =1+1"],
    ['\n=1+1', `"'\n=1+1"`],
    ['\r\n@cmd', `"'\r\n@cmd"`],
    ['\u3000=1', "'\u3000=1"],
    ['＝1+1', "'＝1+1"],
    ['＋SUM(A1)', "'＋SUM(A1)"],
    ['－2', "'－2"],
    ['＠cmd', "'＠cmd"],
    ['  ＝1', "'  ＝1"],
    ['a=b', 'a=b'],
    ['  plain', '  plain'],
  ])('escapes %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('keeps numbers and booleans as they are, and empties nulls', () => {
    expect(csvRow([-3, true, null, undefined, 'x'])).toBe('-3,true,,,x\r\n');
  });
});
