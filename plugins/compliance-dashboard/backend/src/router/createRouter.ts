import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  complianceDashboardRefreshPermission,
  PushConsumerStatus,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { pbcAccessOrThrow, readablePbcRef } from '../permissions/readablePbc';
import { ComplianceService } from '../service/ComplianceService';
import {
  emptyQuerySchema,
  entityPathSchema,
  exportQuerySchema,
  parse,
  pbcKindQuerySchema,
  pbcListQuerySchema,
  refreshIdSchema,
  teamKindQuerySchema,
} from './schemas';

/**
 * The REST API. Each route: authenticate (401), validate (400), authorize
 * (403 for a caller denied all reads), then ask the service. Permission comes
 * before existence: what the caller may not read answers the same 404 as
 * what does not exist. Only @backstage/errors are thrown; the backend's
 * error handler maps them. `GET /health` is the one unauthenticated route:
 * a liveness answer with no data in it.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  service: ComplianceService;
  /** This replica's event queue consumer, shown in `GET /status`. */
  pushStatus?: () => PushConsumerStatus;
}): Promise<express.Router> {
  const { httpAuth, permissions, service } = options;
  const router = Router();
  router.use(express.json());

  const credentialsOf = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  /** The caller's access to PBCs; 403 if the policy denies all reads. */
  const accessOf = async (req: Request) =>
    pbcAccessOrThrow({ permissions, credentials: await credentialsOf(req) });

  router.get('/pbcs', async (req, res) => {
    await credentialsOf(req);
    const query = parse(pbcListQuerySchema, req.query, 'query');
    const access = await accessOf(req);
    res.json(await service.listPbcs(query, access));
  });

  router.get('/pbcs/:namespace/:name', async (req, res) => {
    const credentials = await credentialsOf(req);
    const { namespace, name } = parse(entityPathSchema, req.params, 'path');
    const { kind } = parse(pbcKindQuerySchema, req.query, 'query');
    const entityRef = await readablePbcRef({
      permissions,
      credentials,
      service,
      ref: { kind, namespace, name },
    });
    res.json(await service.getPbc(entityRef));
  });

  router.get('/teams', async (req, res) => {
    await credentialsOf(req);
    parse(emptyQuerySchema, req.query, 'query');
    res.json(await service.listTeams(await accessOf(req)));
  });

  router.get('/teams/:namespace/:name', async (req, res) => {
    await credentialsOf(req);
    const { namespace, name } = parse(entityPathSchema, req.params, 'path');
    const { kind = 'group' } = parse(teamKindQuerySchema, req.query, 'query');
    const teamRef = `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
    res.json(await service.getTeam(teamRef, await accessOf(req)));
  });

  router.get('/export.csv', async (req, res) => {
    await credentialsOf(req);
    const query = parse(exportQuerySchema, req.query, 'query');
    const csv = await service.exportCsv(query, await accessOf(req));
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader(
        'Content-Disposition',
        'attachment; filename="pbc-compliance.csv"',
      )
      .send(csv);
  });

  // Liveness for load balancers and probes: no credentials, no data.
  router.get('/health', async (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/status', async (req, res) => {
    await credentialsOf(req);
    parse(emptyQuerySchema, req.query, 'query');
    const status = await service.status(await accessOf(req));
    res.json(
      options.pushStatus ? { ...status, push: options.pushStatus() } : status,
    );
  });

  /** 403 unless the caller operates the dashboard (the platform groups in the portal's policy). */
  const requireRefresh = async (req: Request, what: string) => {
    const credentials = await credentialsOf(req);
    const [decision] = await permissions.authorize(
      [{ permission: complianceDashboardRefreshPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to ${what} (compliance-dashboard.refresh)`,
      );
    }
  };

  router.get('/identity-conflicts', async (req, res) => {
    await credentialsOf(req);
    parse(emptyQuerySchema, req.query, 'query');
    await requireRefresh(req, 'read PBC identity conflicts');
    res.json(await service.identityConflicts());
  });

  router.post('/refresh', async (req, res) => {
    await requireRefresh(req, 'refresh compliance data');
    const accepted = await service.requestRefresh();
    res.status(202).location(`.${accepted.statusPath}`).json(accepted);
  });

  router.get('/refresh/:id', async (req, res) => {
    await credentialsOf(req);
    const { id } = parse(refreshIdSchema, req.params, 'refresh id');
    res.json(await service.getRefresh(id, await accessOf(req)));
  });

  return router;
}
