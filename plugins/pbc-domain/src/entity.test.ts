import { isPbcEntity } from './entity';

const entity = (kind: string, annotations?: Record<string, string>) => ({
  kind,
  metadata: { annotations },
});

describe('isPbcEntity', () => {
  it('is true for a Component with a pbc annotation, whatever the kind spelling', () => {
    expect(
      isPbcEntity(entity('Component', { 'pbc-portal.io/pbc': 'cart' })),
    ).toBe(true);
    expect(
      isPbcEntity(entity('component', { 'pbc-portal.io/pbc': 'cart' })),
    ).toBe(true);
  });

  it('is false for other kinds that carry the annotation', () => {
    expect(isPbcEntity(entity('API', { 'pbc-portal.io/pbc': 'cart' }))).toBe(
      false,
    );
    expect(
      isPbcEntity(entity('Resource', { 'pbc-portal.io/pbc': 'cart' })),
    ).toBe(false);
  });

  it('is false for a Component without the annotation or with a blank value', () => {
    expect(isPbcEntity(entity('Component'))).toBe(false);
    expect(isPbcEntity(entity('Component', { 'backstage.io/x': 'cart' }))).toBe(
      false,
    );
    expect(isPbcEntity(entity('Component', { 'pbc-portal.io/pbc': '' }))).toBe(
      false,
    );
    expect(
      isPbcEntity(entity('Component', { 'pbc-portal.io/pbc': '  ' })),
    ).toBe(false);
  });
});
