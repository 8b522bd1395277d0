import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotAllowedError, NotImplementedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
  SignInResolver,
} from '@backstage/plugin-auth-node';

/** The cookie that names the demo user to sign in as (set by the e2e test). */
export const DEMO_USER_COOKIE = 'pbc-portal-demo-user';

/** The value of one cookie in a Cookie header, if present. */
export function cookieValue(
  header: string | undefined,
  name: string,
): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

const isDevelopment = (config: Config) =>
  process.env.NODE_ENV === 'development' ||
  config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') === true;

/**
 * The guest provider, plus one thing for the two-user end-to-end test: when
 * `pbcPortal.demoUsers` lists user entity refs, a request carrying the cookie
 * `pbc-portal-demo-user=<one of them>` signs in as that catalog user (with the
 * catalog's ownership) instead of the guest. Without the list or the cookie
 * it is the stock guest provider. Development only, like the guest provider;
 * the production preflight refuses `pbcPortal.demoUsers`.
 */
export function demoUserResolver(options: {
  guest: Config;
  demoUsers: string[];
}): SignInResolver<{ demoUser?: string }> {
  const { guest, demoUsers } = options;
  return async ({ result }, ctx) => {
    if (!isDevelopment(guest)) {
      throw new NotImplementedError(
        'The guest provider is for development only (auth.providers.guest)',
      );
    }
    if (result.demoUser !== undefined) {
      if (!demoUsers.includes(result.demoUser)) {
        throw new NotAllowedError(
          `'${result.demoUser}' is not one of pbcPortal.demoUsers`,
        );
      }
      return ctx.signInWithCatalogUser({ entityRef: result.demoUser });
    }
    const userRef =
      guest.getOptionalString('userEntityRef') ?? 'user:development/guest';
    try {
      return await ctx.signInWithCatalogUser({ entityRef: userRef });
    } catch {
      return ctx.issueToken({
        claims: {
          sub: userRef,
          ent: guest.getOptionalStringArray('ownershipEntityRefs') ?? [userRef],
        },
      });
    }
  };
}

export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'guest-with-demo-users',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        const demoUsers =
          config.getOptionalStringArray('pbcPortal.demoUsers') ?? [];
        providers.registerProvider({
          providerId: 'guest',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async () => ({ profile: {} }),
              initialize: ({ config: guest }) => ({ guest }),
              async authenticate({ req }, { guest }) {
                if (!isDevelopment(guest)) {
                  throw new NotAllowedError(
                    'The guest provider is for development only',
                  );
                }
                const demoUser = demoUsers.length
                  ? cookieValue(req.headers.cookie, DEMO_USER_COOKIE)
                  : undefined;
                return { result: demoUser ? { demoUser } : {} };
              },
            }),
            signInResolver: demoUserResolver({
              guest: config.getConfig('auth.providers.guest'),
              demoUsers,
            }),
          }),
        });
      },
    });
  },
});
