import { toPbcTarget } from './pbcs';
import { pbcEntity } from '../__testUtils__/testTargets';

describe('toPbcTarget', () => {
  it('reads the annotations, owner and system', () => {
    const result = toPbcTarget(
      pbcEntity('payment', { pci: true, owner: 'payments-team' }),
    );
    expect(result).toEqual({
      ok: true,
      target: expect.objectContaining({
        entityRef: 'component:default/payment',
        pbc: 'payment',
        accountId: '111111111111',
        region: 'eu-west-1',
        conformancePack: 'pbc-payment',
        pciScope: true,
        owner: 'group:default/payments-team',
        system: 'system:default/commerce',
      }),
    });
  });

  it('uses spec.owner when the entity has no relations yet', () => {
    const entity = pbcEntity('cart');
    delete entity.relations;
    const result = toPbcTarget(entity);
    expect(result.ok && result.target.owner).toBe('group:default/team-cart');
  });

  it.each([
    ['pbc-portal.io/aws-account-id', '1234'],
    ['pbc-portal.io/aws-region', 'Europe'],
    ['pbc-portal.io/pbc', 'Not A Tag!'],
  ])('refuses an invalid %s', (annotation, value) => {
    const entity = pbcEntity('cart');
    entity.metadata.annotations![annotation] = value;
    const result = toPbcTarget(entity);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(annotation);
  });
});
