import { computeScore, emptySeverityCounts, worstSeverity } from './scoring';

describe('computeScore', () => {
  it('weights passing and failing controls by severity', () => {
    // passing: high 5 + low 1 = 6; failing: critical 10 → 6 / 16
    expect(
      computeScore([
        { severity: 'high', status: 'passing' },
        { severity: 'low', status: 'passing' },
        { severity: 'critical', status: 'failing' },
      ]),
    ).toBe(38);
  });

  it('leaves out controls it cannot score', () => {
    expect(
      computeScore([
        { severity: 'medium', status: 'passing' },
        { severity: 'critical', status: 'insufficient-data' },
        { severity: 'critical', status: 'not-applicable' },
      ]),
    ).toBe(100);
  });

  it('is null when nothing could be scored, and 0 when all fail', () => {
    expect(computeScore([])).toBeNull();
    expect(
      computeScore([{ severity: 'low', status: 'insufficient-data' }]),
    ).toBeNull();
    expect(computeScore([{ severity: 'low', status: 'failing' }])).toBe(0);
  });
});

describe('helpers', () => {
  it('finds the worst severity', () => {
    expect(worstSeverity(['low', 'high', 'medium'])).toBe('high');
    expect(worstSeverity([])).toBe('low');
  });

  it('starts counts at zero', () => {
    expect(emptySeverityCounts()).toEqual({
      critical: 0,
      high: 0,
      medium: 0,
      low: 0,
    });
  });
});
