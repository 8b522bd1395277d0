import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  complianceDashboardExemptionDecidePermission,
  complianceDashboardExemptionRequestPermission,
  complianceDashboardExemptionRevokePermission,
  complianceDashboardRefreshPermission,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { canReadPbc } from '../permissions/access';
import { parse } from '../router/schemas';
import { MovableClock } from '../util/clock';
import { ExemptionService } from './ExemptionService';
import {
  clockBodySchema,
  exemptionDecisionSchema,
  exemptionIdSchema,
  exemptionListQuerySchema,
  exemptionRequestSchema,
  exemptionRevokeSchema,
} from './schemas';

/**
 * The exemption routes, in the order of the other routes: authenticate
 * (401), validate (400), permission before existence (a PBC or exemption the
 * caller may not read is a 404, like one that does not exist), the action's
 * permission (403), then the service's rules (400, 403, 409). A refused
 * request changes nothing.
 */
export async function createExemptionRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  exemptions: ExemptionService;
  /** Control ids of a PBC in the current snapshot; undefined if unknown. */
  controlIdsOf: (entityRef: string) => Promise<string[] | undefined>;
  /** Only with complianceDashboard.testing.movableClock: POST /testing/clock. */
  movableClock?: MovableClock;
}): Promise<express.Router> {
  const { httpAuth, permissions, exemptions, controlIdsOf, movableClock } =
    options;
  const router = Router();
  router.use(express.json());

  const userOf = async (req: Request) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    return { credentials, actor: credentials.principal.userEntityRef };
  };
  const anyCaller = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  const notReadable = (entityRef: string) =>
    new NotFoundError(
      `No PBC '${entityRef}' with compliance data that you may read`,
    );

  /** 404 unless the PBC is in the current snapshot and the caller may read it. */
  const requireReadablePbc = async (
    credentials: BackstageCredentials,
    entityRef: string,
  ) => {
    const [allowed, controls] = await Promise.all([
      canReadPbc({ permissions, credentials, entityRef }),
      controlIdsOf(entityRef),
    ]);
    if (!allowed || !controls) throw notReadable(entityRef);
  };

  const requireBasic = async (
    credentials: BackstageCredentials,
    permission: BasicPermission,
    what: string,
  ) => {
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed to ${what} (${permission.name})`);
    }
  };

  router.get('/exemptions/settings', async (req, res) => {
    await anyCaller(req);
    res.json(exemptions.settings);
  });

  router.get('/exemptions', async (req, res) => {
    const credentials = await anyCaller(req);
    const query = parse(exemptionListQuerySchema, req.query, 'query');
    if (query.entityRef) {
      await requireReadablePbc(credentials, query.entityRef);
    } else {
      // Every PBC's exemptions: for those who decide them.
      await requireBasic(
        credentials,
        complianceDashboardExemptionDecidePermission,
        'list the exemptions of every PBC',
      );
    }
    res.json({ items: await exemptions.list(query) });
  });

  router.get('/exemptions/:id', async (req, res) => {
    const credentials = await anyCaller(req);
    const { id } = parse(exemptionIdSchema, req.params, 'exemption id');
    const exemption = await exemptions.get(id);
    if (
      !(await canReadPbc({
        permissions,
        credentials,
        entityRef: exemption.entityRef,
      }))
    ) {
      throw new NotFoundError(`No exemption ${id}`);
    }
    res.json(exemption);
  });

  router.post('/exemptions', async (req, res) => {
    const { credentials, actor } = await userOf(req);
    const body = parse(exemptionRequestSchema, req.body, 'exemption request');
    await requireReadablePbc(credentials, body.entityRef);
    const [decision] = await permissions.authorize(
      [
        {
          permission: complianceDashboardExemptionRequestPermission,
          resourceRef: body.entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Only a member of the team that owns '${body.entityRef}' asks for its exemptions (${complianceDashboardExemptionRequestPermission.name})`,
      );
    }
    const created = await exemptions.request(body, actor);
    res.status(201).json(created);
  });

  router.post('/exemptions/:id/decision', async (req, res) => {
    const { credentials, actor } = await userOf(req);
    const { id } = parse(exemptionIdSchema, req.params, 'exemption id');
    const body = parse(exemptionDecisionSchema, req.body, 'decision');
    await requireBasic(
      credentials,
      complianceDashboardExemptionDecidePermission,
      'approve or reject exemptions',
    );
    res.json(await exemptions.decide(id, body, actor));
  });

  router.post('/exemptions/:id/revoke', async (req, res) => {
    const { credentials, actor } = await userOf(req);
    const { id } = parse(exemptionIdSchema, req.params, 'exemption id');
    const { comment } = parse(exemptionRevokeSchema, req.body, 'revocation');
    await requireBasic(
      credentials,
      complianceDashboardExemptionRevokePermission,
      'revoke exemptions',
    );
    res.json(await exemptions.revoke(id, comment, actor));
  });

  if (movableClock) {
    // End-to-end runs only (the production preflight refuses the setting).
    router.post('/testing/clock', async (req, res) => {
      const { credentials } = await userOf(req);
      const { offsetDays } = parse(clockBodySchema, req.body, 'clock');
      await requireBasic(
        credentials,
        complianceDashboardRefreshPermission,
        'move the test clock',
      );
      movableClock.setOffset(offsetDays * 86_400_000);
      // The sweep runs at once on the moved clock, so a test sees its
      // recorded steps and notices without waiting for the next interval.
      const swept = await exemptions.sweep();
      res.json({ offsetDays, now: movableClock.now().toISOString(), swept });
    });
  }

  return router;
}
