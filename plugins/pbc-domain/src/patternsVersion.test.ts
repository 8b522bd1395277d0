import { isPatternsVersionBehind, PATTERNS_VERSION } from './patternsVersion';

describe('isPatternsVersionBehind', () => {
  it('compares versions numerically, part by part', () => {
    expect(isPatternsVersionBehind('1.0.0', '1.1.0')).toBe(true);
    expect(isPatternsVersionBehind('1.9.0', '1.10.0')).toBe(true);
    expect(isPatternsVersionBehind('1.10.0', '1.9.0')).toBe(false);
    expect(isPatternsVersionBehind('1.1.0', '1.1.0')).toBe(false);
    expect(isPatternsVersionBehind('1.1', '1.1.0')).toBe(false);
    expect(isPatternsVersionBehind('2.0.0', '1.1.0')).toBe(false);
  });

  it('counts a missing or unreadable recorded version as behind', () => {
    expect(isPatternsVersionBehind(undefined, '1.0.0')).toBe(true);
    expect(isPatternsVersionBehind('latest', '1.0.0')).toBe(true);
  });

  it('compares with the current patterns by default', () => {
    expect(isPatternsVersionBehind(PATTERNS_VERSION)).toBe(false);
    expect(isPatternsVersionBehind('0.9.0')).toBe(true);
  });
});
