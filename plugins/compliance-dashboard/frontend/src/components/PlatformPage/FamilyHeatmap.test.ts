import { createTheme, Theme } from '@material-ui/core/styles';
import {
  decomposeColor,
  getContrastRatio,
  recomposeColor,
} from '@material-ui/core/styles/colorManipulator';
import { HEAT_BANDS, heatColors } from './FamilyHeatmap';

/** The colour a translucent fill shows over the card's background. */
function over(fill: string, background: string): string {
  const f = decomposeColor(fill);
  const b = decomposeColor(background);
  const alpha = f.values[3] ?? 1;
  const values = [0, 1, 2].map(i =>
    Math.round(f.values[i] * alpha + b.values[i] * (1 - alpha)),
  ) as [number, number, number];
  return recomposeColor({ type: 'rgb', values });
}

describe.each([
  ['light', createTheme({ palette: { type: 'light' } })],
  ['dark', createTheme({ palette: { type: 'dark' } })],
] as Array<[string, Theme]>)('heatmap colours in the %s theme', (_, theme) => {
  const paper = theme.palette.background.paper;

  it('keep the count in each cell readable', () => {
    for (const band of HEAT_BANDS) {
      const { fill, text } = heatColors(band.min, theme);
      const ratio = getContrastRatio(text, over(fill, paper));
      // WCAG AA for bold/large text and graphics is 3:1; the cells' 12 px
      // digits sit on solid blocks, and most bands clear 4.5:1.
      expect(ratio).toBeGreaterThanOrEqual(3);
    }
  });

  it('tell the bands apart from the card and from each other', () => {
    const shown = HEAT_BANDS.map(b =>
      over(heatColors(b.min, theme).fill, paper),
    );
    expect(new Set(shown).size).toBe(HEAT_BANDS.length);
    for (const colour of shown) {
      expect(getContrastRatio(colour, paper)).toBeGreaterThan(1.1);
    }
  });
});
