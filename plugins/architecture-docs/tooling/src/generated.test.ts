import { patternSection } from './generated';

describe('patternSection', () => {
  const sources = [
    'a\n// --8<-- [start:one]\nfirst\nsecond\n// --8<-- [end:one]\nz\n',
    '// --8<-- [start:two]\nthird\n// --8<-- [end:two]\n',
  ];

  it('returns the lines between the markers, whichever source marks them', () => {
    expect(patternSection(sources, 'one')).toBe('first\nsecond\n');
    expect(patternSection(sources, 'two')).toBe('third\n');
  });

  it('removes the indentation a section marked inside a class body has in common', () => {
    const indented =
      '  // --8<-- [start:body]\n  if (x) {\n    y();\n  }\n\n  // --8<-- [end:body]\n';
    expect(patternSection([indented], 'body')).toBe('if (x) {\n  y();\n}\n\n');
  });

  it('returns undefined for a section no source marks, or one never closed', () => {
    expect(patternSection(sources, 'three')).toBeUndefined();
    expect(
      patternSection(['// --8<-- [start:open]\nx\n'], 'open'),
    ).toBeUndefined();
  });
});
