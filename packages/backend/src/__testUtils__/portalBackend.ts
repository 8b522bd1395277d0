// The portal's plugins in one process for the tests that assemble them with startTestBackend:
// the catalog on a local file, the permission backend with the portal's policy, the compliance
// dashboard on a given reader, and the waits those tests share.
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import complianceDashboardPlugin, {
  ComplianceReader,
  complianceReaderServiceRef,
} from '@pbc-portal/plugin-compliance-dashboard-backend';
import request from 'supertest';
import permissionPolicy from '../modules/permissionPolicy';
import { httpAuthWithActors, userInfoFromGroups } from './portalAuth';

type Server = Parameters<typeof request>[0];

/**
 * The features and config of the portal under test; `config` adds top-level keys (the
 * catalog, permission and complianceDashboard keys are set here).
 */
export function portalFeatures(options: {
  groups: Record<string, string[]>;
  reader: ComplianceReader;
  catalogFile: string;
  region: string;
  config?: Record<string, any>;
}) {
  return [
    catalogPlugin,
    permissionPlugin,
    permissionPolicy,
    complianceDashboardPlugin,
    permissionsServiceFactory,
    httpAuthWithActors,
    userInfoFromGroups(options.groups),
    createServiceFactory({
      service: complianceReaderServiceRef,
      deps: {},
      factory: () => options.reader,
    }),
    mockServices.rootConfig.factory({
      data: {
        ...options.config,
        permission: { enabled: true },
        catalog: {
          rules: [{ allow: ['Component', 'Location'] }],
          locations: [{ type: 'file', target: options.catalogFile }],
          processingInterval: { seconds: 1 },
        },
        complianceDashboard: {
          schedule: { frequency: { hours: 1 }, timeout: { minutes: 1 } },
          aws: { regions: [options.region] },
        },
      },
    }),
  ];
}

/** Calls `fn` every 250 ms until it returns a value; gives up after 120 calls. */
export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined>,
): Promise<T> {
  for (let attempt = 0; attempt < 120; attempt++) {
    const value = await fn();
    if (value !== undefined) return value;
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Resolves once the catalog serves each named component of the default namespace. */
export async function catalogHolds(
  server: Server,
  names: string[],
): Promise<void> {
  const asService = { Authorization: mockCredentials.service.header() };
  await Promise.all(
    names.map(name =>
      until(`${name} in the catalog`, async () => {
        const res = await request(server)
          .get(`/api/catalog/entities/by-name/component/default/${name}`)
          .set(asService);
        return res.status === 200 ? true : undefined;
      }),
    ),
  );
}

/**
 * Asks for a compliance refresh as `user`; resolves with the answer's status and the refresh
 * as it ended.
 */
export async function refreshAs(
  server: Server,
  user: string,
): Promise<{ status: number; finished: any }> {
  const as = { Authorization: mockCredentials.user.header(user) };
  const refresh = await request(server)
    .post('/api/compliance-dashboard/refresh')
    .set(as);
  const finished = await until('the refresh', async () => {
    const res = await request(server)
      .get(`/api/compliance-dashboard/refresh/${refresh.body.id}`)
      .set(as);
    return ['queued', 'running'].includes(res.body.state)
      ? undefined
      : res.body;
  });
  return { status: refresh.status, finished };
}
