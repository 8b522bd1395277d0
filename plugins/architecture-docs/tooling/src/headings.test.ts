import { slugifyHeading } from './headings';

describe('slugifyHeading', () => {
  it('produces the anchors mkdocs generates', () => {
    expect(slugifyHeading('Encryption with SSE-KMS')).toBe(
      'encryption-with-sse-kms',
    );
    expect(slugifyHeading("Don't panic: it's fine!")).toBe(
      'dont-panic-its-fine',
    );
    expect(slugifyHeading('  Café  &  crème ')).toBe('cafe-creme');
    expect(slugifyHeading('Multi-AZ -- failover')).toBe('multi-az-failover');
  });
});
