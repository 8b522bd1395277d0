import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { PbcSummary } from '@pbc-portal/plugin-compliance-dashboard-common';
import { z as zv3 } from 'zod/v3';
import { pbcAccessOrThrow, readablePbcRef } from '../permissions/readablePbc';
import { ComplianceService } from '../service/ComplianceService';
import { absoluteUrl, failingControls } from './failingControls';
import { parsePbcRef, pbcRefField } from './pbcRef';

type Z = typeof zv3;

const severityCounts = (z: Z) =>
  z.object({
    critical: z.number(),
    high: z.number(),
    medium: z.number(),
    low: z.number(),
  });

/** The summary fields an assistant needs, in the API's names. */
const summarySchema = (z: Z) =>
  z.object({
    entityRef: z.string(),
    name: z.string(),
    title: z.string().optional(),
    owner: z.string().optional(),
    system: z.string().optional(),
    awsAccountId: z.string(),
    awsRegion: z.string(),
    pciScope: z.boolean(),
    score: z
      .number()
      .nullable()
      .describe('0-100; null when no control could be scored'),
    failingControls: severityCounts(z),
    failingControlCount: z.number(),
    passingControlCount: z.number(),
    insufficientDataControlCount: z.number(),
    riskyEvents: z.number(),
    riskyEventDays: z.number(),
    lastRefreshAt: z.string(),
    dataAsOf: z.string().optional(),
    stale: z.boolean(),
    staleReason: z.string().optional(),
    pbcTabUrl: z.string().describe("The PBC's compliance tab in the portal"),
  });

const riskyEventSchema = (z: Z) =>
  z.object({
    eventTime: z.string(),
    eventName: z.string(),
    eventSource: z.string(),
    awsAccountId: z.string(),
    awsRegion: z.string(),
    principal: z.string().optional(),
    severity: z.string(),
    reasons: z
      .array(z.string())
      .describe(
        'The control each risk rule belongs to, and why the event matched',
      ),
    resources: z.array(z.string()),
  });

/**
 * The dashboard's read-only actions for assistants (exposed over MCP by the
 * mcp-actions backend). Each one runs with the caller's credentials through
 * the same permission code as the REST API: a PBC the caller may not read is
 * not found, and a caller denied all reads is refused.
 */
export function registerComplianceActions(options: {
  actionsRegistry: ActionsRegistryService;
  permissions: PermissionsService;
  service: ComplianceService;
  /** `app.baseUrl`, to make the portal's links absolute. */
  appBaseUrl?: string;
}): void {
  const { actionsRegistry, permissions, service, appBaseUrl } = options;
  const attributes = { readOnly: true, idempotent: true, destructive: false };

  // Every action that names a PBC resolves it the same way: permission
  // before existence, one NotFoundError for both.
  const readablePbc = (pbc: string, credentials: BackstageCredentials) =>
    readablePbcRef({
      permissions,
      credentials,
      service,
      ref: parsePbcRef(pbc),
    });

  const tabUrl = (s: PbcSummary) =>
    absoluteUrl(
      `/catalog/${s.namespace}/${s.kind.toLowerCase()}/${s.name}/compliance`,
      appBaseUrl,
    );
  const summaryOf = (s: PbcSummary) => ({
    entityRef: s.entityRef,
    name: s.name,
    ...(s.title ? { title: s.title } : {}),
    ...(s.owner ? { owner: s.owner } : {}),
    ...(s.system ? { system: s.system } : {}),
    awsAccountId: s.awsAccountId,
    awsRegion: s.awsRegion,
    pciScope: s.pciScope,
    score: s.score,
    failingControls: s.failingControls,
    failingControlCount: s.failingControlCount,
    passingControlCount: s.passingControlCount,
    insufficientDataControlCount: s.insufficientDataControlCount,
    riskyEvents: s.riskyEvents,
    riskyEventDays: s.riskyEventDays,
    lastRefreshAt: s.lastRefreshAt,
    ...(s.dataAsOf ? { dataAsOf: s.dataAsOf } : {}),
    stale: s.staleness.stale,
    ...(s.staleness.reason ? { staleReason: s.staleness.reason } : {}),
    pbcTabUrl: tabUrl(s),
  });

  actionsRegistry.register({
    name: 'get-pbc-compliance-summary',
    title: 'PBC compliance summary',
    description:
      "A PBC's compliance score (0-100), failing controls by severity, risky CloudTrail events of the recent window and how fresh the data is, from the last refresh of AWS Config and CloudTrail.",
    attributes,
    schema: {
      input: z => z.object({ pbc: pbcRefField(z) }),
      output: z => z.object({ summary: summarySchema(z) }),
    },
    action: async ({ input, credentials }) => {
      const entityRef = await readablePbc(input.pbc, credentials);
      const { summary } = await service.getPbc(entityRef);
      return { output: { summary: summaryOf(summary) } };
    },
  });

  actionsRegistry.register({
    name: 'list-pbc-failing-controls',
    title: 'Failing controls of a PBC',
    description:
      "The reference architecture's controls a PBC fails, worst first: what to fix, the non-compliant resources, and the architecture article's section that explains the control (plain text and link).",
    attributes,
    schema: {
      input: z => z.object({ pbc: pbcRefField(z) }),
      output: z =>
        z.object({
          entityRef: z.string(),
          score: z.number().nullable(),
          controls: z.array(
            z.object({
              controlId: z.string(),
              title: z.string(),
              severity: z.string(),
              family: z.string(),
              remediation: z.string(),
              nonCompliantResourceCount: z.number(),
              resources: z.array(z.string()),
              guidance: z.object({
                article: z.string(),
                anchor: z.string(),
                url: z.string(),
                heading: z.string().optional(),
                text: z.string().optional(),
              }),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const entityRef = await readablePbc(input.pbc, credentials);
      const detail = await service.getPbc(entityRef);
      return {
        output: {
          entityRef,
          score: detail.summary.score,
          controls: failingControls(detail, { appBaseUrl }),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'list-pbcs-failing-control',
    title: 'PBCs failing a control',
    description:
      'The PBCs you may read that fail one control of the reference architecture (an id such as PBC-MSG-01), worst score first.',
    attributes,
    schema: {
      input: z =>
        z.object({
          controlId: z
            .string()
            .trim()
            .regex(/^PBC-[A-Za-z]+-\d+$/i, 'a control id such as PBC-MSG-01')
            .describe('The control id, e.g. PBC-MSG-01'),
        }),
      output: z =>
        z.object({
          control: z.object({
            controlId: z.string(),
            title: z.string(),
            severity: z.string(),
            family: z.string(),
          }),
          pbcs: z.array(summarySchema(z)),
        }),
    },
    action: async ({ input, credentials }) => {
      const access = await pbcAccessOrThrow({ permissions, credentials });
      const { control, pbcs } = await service.pbcsFailingControl(
        input.controlId,
        access,
      );
      return {
        output: {
          control: {
            controlId: control.id,
            title: control.title,
            severity: control.severity,
            family: control.family,
          },
          pbcs: pbcs.map(summaryOf),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-pbc-cloudtrail-since-compliant',
    title: 'CloudTrail changes since a PBC was last compliant',
    description:
      "The risky CloudTrail events (IAM, KMS, network, logging and data-store changes the dashboard's rules flag) attributed to a PBC since its last day with a compliance score of 100, newest first.",
    attributes,
    schema: {
      input: z => z.object({ pbc: pbcRefField(z) }),
      output: z =>
        z.object({
          entityRef: z.string(),
          compliantNow: z.boolean(),
          lastCompliantDay: z
            .string()
            .optional()
            .describe(
              'Absent when the PBC never scored 100 in the kept history',
            ),
          since: z.string(),
          events: z.array(riskyEventSchema(z)),
          truncated: z.boolean(),
        }),
    },
    action: async ({ input, credentials }) => {
      const entityRef = await readablePbc(input.pbc, credentials);
      const changes = await service.changesSinceCompliant(entityRef);
      return {
        output: {
          entityRef,
          ...changes,
          events: changes.events.map(e => ({
            eventTime: e.eventTime,
            eventName: e.eventName,
            eventSource: e.eventSource,
            awsAccountId: e.awsAccountId,
            awsRegion: e.awsRegion,
            ...(e.principal ? { principal: e.principal } : {}),
            severity: e.severity,
            reasons: e.reasons.map(r => `${r.controlId}: ${r.why}`),
            resources: e.resources,
          })),
        },
      };
    },
  });
}
