import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { demoCatalog, validParameters } from '../__testUtils__/fixtures';
import { createSpecValidateAction } from './specValidate';

describe('pbc:spec:validate', () => {
  function setup(entities = demoCatalog()) {
    const catalog = catalogServiceMock({ entities });
    const getEntities = jest.spyOn(catalog, 'getEntities');
    const getEntitiesByRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
    const action = createSpecValidateAction({
      catalog,
      auth: mockServices.auth(),
    });
    return { action, getEntities, getEntitiesByRefs };
  }

  it('outputs the normalized spec, the consumers and the annotation values', async () => {
    const { action } = setup();
    const ctx = createMockActionContext<any>({
      input: { ...validParameters(), owner: 'fulfilment-team' },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('spec', {
      ...validParameters(),
      owner: 'group:default/fulfilment-team',
    });
    expect(ctx.output).toHaveBeenCalledWith('consumers', [
      expect.objectContaining({
        id: 'cart.cart-checked-out',
        fileName: 'cart-cart-checked-out',
      }),
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'publishesAnnotation',
      'order-placed,order-cancelled',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'consumesAnnotation',
      'cart.cart-checked-out',
    );
  });

  it('outputs each producer’s account, Region and PCI scope from its catalog entity', async () => {
    const { action } = setup([
      ...demoCatalog().filter(e => e.metadata.name !== 'payment'),
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'payment',
          namespace: 'default',
          annotations: {
            'pbc-portal.io/pbc': 'payment',
            'pbc-portal.io/publishes': 'payment-captured',
            'pbc-portal.io/pci-scope': 'true',
            'pbc-portal.io/aws-account-id': '222222222222',
            'pbc-portal.io/aws-region': 'eu-central-1',
          },
        },
        spec: {
          type: 'service',
          lifecycle: 'production',
          owner: 'payments-team',
        },
      },
    ]);
    const ctx = createMockActionContext<any>({
      input: {
        ...validParameters(),
        consumes: ['payment.payment-captured', 'cart.cart-checked-out'],
      },
    });
    await action.handler(ctx);
    // cart names no account: left out, the patterns then assume the consumer's.
    expect(ctx.output).toHaveBeenCalledWith('producers', {
      payment: {
        awsAccountId: '222222222222',
        awsRegion: 'eu-central-1',
        pciScope: true,
      },
    });
  });

  it('validates the same way in a dry run (it has no side effects to skip)', async () => {
    const { action } = setup();
    const ok = {
      ...createMockActionContext<any>({ input: validParameters() }),
      isDryRun: true,
    };
    await action.handler(ok);
    expect(ok.output).toHaveBeenCalledWith('spec', validParameters());

    const bad = {
      ...createMockActionContext<any>({
        input: validParameters({ name: 'cart' }),
      }),
      isDryRun: true,
    };
    await expect(action.handler(bad)).rejects.toThrow(
      /name: 'cart' is already taken/,
    );
    expect(bad.output).not.toHaveBeenCalled();
  });

  it('accepts a consumed event whose publisher lists it with spaces', async () => {
    const { action } = setup();
    const ctx = createMockActionContext<any>({
      input: validParameters({ consumes: ['inventory.stock-released'] }),
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'consumesAnnotation',
      'inventory.stock-released',
    );
  });

  it.each([
    [
      'an uppercase name',
      { name: 'Order' },
      /name: must be a lowercase kebab-case/,
    ],
    [
      'a too long name',
      { name: `order-${'x'.repeat(40)}` },
      /name: must be 3 to 40/,
    ],
    ['a path traversal name', { name: '../../etc' }, /name: .*path traversal/],
    ['a backslash name', { name: 'a\\..\\b' }, /name: .*path traversal/],
    [
      'a template expression',
      { description: '${{ secrets.backstageToken }}' },
      /description: must not contain template expressions/,
    ],
    [
      'a nunjucks tag',
      { description: '{% for x in y %}' },
      /description: must not contain template expressions/,
    ],
    [
      'a YAML key injection',
      { description: 'fine\nmetadata:' },
      /description: .*YAML key/,
    ],
    [
      'a YAML document marker',
      { description: 'fine\n--- \nkind: Group' },
      /description: .*document marker/,
    ],
    [
      'a control character',
      { owner: 'group:default/a\u0007' },
      /owner: must not contain control/,
    ],
    [
      'an invalid account id',
      { awsAccountId: '0123' },
      /awsAccountId: must be exactly 12 digits/,
    ],
    [
      'an unknown Region',
      { awsRegion: 'eu-west-7' },
      /awsRegion: must be an AWS commercial Region/,
    ],
    [
      'colliding consumer files',
      { consumes: ['gift-card.issued', 'gift.card-issued'] },
      /consumes: .*same consumer file/,
    ],
  ])(
    'refuses %s before calling the catalog',
    async (_case, overrides, expected) => {
      const { action, getEntities, getEntitiesByRefs } = setup();
      const ctx = createMockActionContext<any>({
        input: { ...validParameters(), ...overrides },
      });
      await expect(action.handler(ctx)).rejects.toThrow(expected);
      expect(getEntities).not.toHaveBeenCalled();
      expect(getEntitiesByRefs).not.toHaveBeenCalled();
      expect(ctx.output).not.toHaveBeenCalled();
    },
  );

  it.each([
    [
      'the name of a Component',
      { name: 'storefront-web' },
      /name: 'storefront-web' is already taken in the catalog by component:default\/storefront-web/,
    ],
    [
      'the name of a PBC annotation',
      { name: 'cart-v1' },
      /name: 'cart-v1' is already taken in the catalog by component:default\/legacy-cart/,
    ],
    [
      'an owner that is not in the catalog',
      { owner: 'group:default/nobody' },
      /owner: group:default\/nobody is not in the catalog/,
    ],
    [
      'a system that is not in the catalog',
      { system: 'system:default/nowhere' },
      /system: system:default\/nowhere is not in the catalog/,
    ],
    [
      'an event from an unknown PBC',
      { consumes: ['shipping.parcel-sent'] },
      /consumes\[0\]: no PBC named 'shipping' publishes events \(known publishers: cart, cart-v1, inventory, payment\)/,
    ],
    [
      'an event its producer does not publish',
      { consumes: ['cart.cart-checked-out', 'payment.payment-refunded'] },
      /consumes\[1\]: PBC 'payment' does not publish 'payment-refunded' \(it publishes: payment-captured\)/,
    ],
    [
      'a Component name whose PBC annotation differs',
      { consumes: ['legacy-cart.cart-v1-updated'] },
      /consumes\[0\]: no PBC named 'legacy-cart'/,
    ],
  ])('refuses %s, naming the field', async (_case, overrides, expected) => {
    const { action } = setup();
    const ctx = createMockActionContext<any>({
      input: { ...validParameters(), ...overrides },
    });
    await expect(action.handler(ctx)).rejects.toThrow(expected);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('reports every catalog problem at once', async () => {
    const { action } = setup();
    const ctx = createMockActionContext<any>({
      input: validParameters({
        name: 'cart',
        owner: 'group:default/nobody',
        consumes: ['shipping.parcel-sent'],
      }),
    });
    const error = await action.handler(ctx).catch(e => e as Error);
    expect(error?.message).toMatch(/name: 'cart' is already taken/);
    expect(error?.message).toMatch(/owner: /);
    expect(error?.message).toMatch(/consumes\[0\]: /);
  });

  it('reads the catalog with its own service credentials', async () => {
    const { action, getEntities } = setup();
    await action.handler(
      createMockActionContext<any>({ input: validParameters() }),
    );
    expect(getEntities).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({
        credentials: expect.objectContaining({
          principal: expect.objectContaining({ type: 'service' }),
        }),
      }),
    );
  });
});
