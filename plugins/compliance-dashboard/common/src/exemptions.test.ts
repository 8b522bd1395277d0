import { computeScoreWithExemptions, exemptStatus } from './exemptions';

// One failing high (5) and one passing medium (2): 29 without exemptions.
const controls = [
  { severity: 'high' as const, status: 'failing' as const, exempt: true },
  { severity: 'medium' as const, status: 'passing' as const },
];

describe('computeScoreWithExemptions', () => {
  it('leaves an exempt failing control out of the score by default', () => {
    expect(computeScoreWithExemptions(controls, false)).toBe(100);
    expect(
      computeScoreWithExemptions(
        [{ severity: 'high', status: 'failing', exempt: true }],
        false,
      ),
    ).toBeNull();
  });

  it('counts an exempt failing control as passing when configured', () => {
    expect(
      computeScoreWithExemptions(
        [
          { severity: 'high', status: 'failing', exempt: true },
          { severity: 'medium', status: 'failing' },
        ],
        true,
      ),
    ).toBe(71);
    expect(
      computeScoreWithExemptions(
        [
          { severity: 'high', status: 'failing', exempt: true },
          { severity: 'medium', status: 'failing' },
        ],
        false,
      ),
    ).toBe(0);
  });

  it('scores as before without exemptions', () => {
    expect(
      computeScoreWithExemptions(
        controls.map(c => ({ ...c, exempt: false })),
        true,
      ),
    ).toBe(29);
  });

  it('changes only failing controls', () => {
    expect(exemptStatus('passing', true, false)).toBe('passing');
    expect(exemptStatus('insufficient-data', true, true)).toBe(
      'insufficient-data',
    );
  });
});
