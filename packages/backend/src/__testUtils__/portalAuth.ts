// Auth services for tests that assemble the portal's plugins in one process with
// startTestBackend: users are mock tokens, group membership comes from a table.
import {
  BackstageCredentials,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

/**
 * The mock httpAuth, except that a request a plugin makes on behalf of a user carries the
 * calling plugin as actor, as the real auth service's tokens do; the permission backend
 * refuses a user's conditional query without one.
 */
export const httpAuthWithActors = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): HttpAuthService {
    const inner = mockServices.httpAuth({ pluginId: plugin.getId() });
    const prefix = 'mock-service-token:';
    return {
      async credentials(req, options) {
        const credentials = await inner.credentials(req, options as any);
        const token = req.headers.authorization?.match(/^Bearer (\S+)$/)?.[1];
        const principal = credentials.principal as BackstageUserPrincipal;
        if (token?.startsWith(prefix) && principal.type === 'user') {
          const { sub } = JSON.parse(token.slice(prefix.length));
          return mockCredentials.user(principal.userEntityRef, {
            actor: { subject: sub ?? 'external:test' },
          }) as any;
        }
        return credentials;
      },
      issueUserCookie: (res, options) => inner.issueUserCookie(res, options),
    };
  },
});

/** userInfo that answers each user's ownership refs from `groups` (the user alone otherwise). */
export const userInfoFromGroups = (groups: Record<string, string[]>) =>
  createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(credentials: BackstageCredentials) {
        const user = (credentials.principal as BackstageUserPrincipal)
          .userEntityRef;
        return {
          userEntityRef: user,
          ownershipEntityRefs: groups[user] ?? [user],
        };
      },
    }),
  });
