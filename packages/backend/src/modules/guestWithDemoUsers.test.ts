import { ConfigReader } from '@backstage/config';
import { cookieValue, demoUserResolver } from './guestWithDemoUsers';

const guest = new ConfigReader({
  userEntityRef: 'user:default/guest',
  ownershipEntityRefs: ['user:default/guest', 'group:default/platform-team'],
});

function context() {
  const calls: string[] = [];
  return {
    calls,
    ctx: {
      signInWithCatalogUser: async ({ entityRef }: { entityRef: string }) => {
        calls.push(entityRef);
        return { token: entityRef };
      },
      issueToken: async () => ({ token: 'issued' }),
    } as any,
  };
}

describe('guest provider with demo users', () => {
  const env = process.env.NODE_ENV;
  beforeEach(() => {
    (process.env as any).NODE_ENV = 'development';
  });
  afterAll(() => {
    (process.env as any).NODE_ENV = env;
  });

  const resolver = demoUserResolver({
    guest,
    demoUsers: ['user:default/pat.payments'],
  });

  it('signs in as a listed demo user, and as the guest without one', async () => {
    const a = context();
    await resolver(
      { result: { demoUser: 'user:default/pat.payments' } } as any,
      a.ctx,
    );
    await resolver({ result: {} } as any, a.ctx);
    expect(a.calls).toEqual([
      'user:default/pat.payments',
      'user:default/guest',
    ]);
  });

  it('refuses a user not listed, and everything outside development', async () => {
    await expect(
      resolver(
        { result: { demoUser: 'user:default/ana.architect' } } as any,
        context().ctx,
      ),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    (process.env as any).NODE_ENV = 'production';
    await expect(
      resolver({ result: {} } as any, context().ctx),
    ).rejects.toMatchObject({ name: 'NotImplementedError' });
  });

  it('reads the cookie', () => {
    expect(
      cookieValue(
        'a=1; pbc-portal-demo-user=user%3Adefault%2Fpat.payments',
        'pbc-portal-demo-user',
      ),
    ).toBe('user:default/pat.payments');
    expect(cookieValue(undefined, 'x')).toBeUndefined();
  });
});
