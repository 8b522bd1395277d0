// An in-memory stand-in for the compliance backend's REST API, as msw
// handlers. It filters, sorts and pages like the contract says, so the page
// can be tested against 3 PBCs or 5,000. Test-only.
import { delay, http, HttpResponse } from 'msw';
import {
  CONTROL_FAMILIES,
  CONTROLS,
  ControlFamily,
  SEVERITIES,
  Severity,
  guidanceUrl,
} from '@pbc-portal/pbc-domain';
import {
  ControlResult,
  Exemption,
  HealthResponse,
  PbcDetail,
  PbcIdentityConflict,
  PbcListResponse,
  PbcSummary,
  RefreshStatus,
  SnapshotInfo,
  TeamDetail,
  TeamListResponse,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { SNAPSHOT, okHealth } from './fixtures';

/** Matches the plugin's base URL whatever the test app's discovery returns. */
export const BASE = '*/api/compliance-dashboard';

export interface FakeBackendOptions {
  pbcs: PbcSummary[];
  details?: PbcDetail[];
  teams?: TeamDetail[];
  snapshot?: SnapshotInfo;
  health?: HealthResponse;
  /** Answers to successive `GET /refresh/:id` calls; the last one repeats. */
  refreshSequence?: RefreshStatus[];
  /** What the data becomes once a refresh has finished. */
  afterRefresh?: PbcSummary[];
  /** Answer of `GET /identity-conflicts`; default none. */
  identityConflicts?: PbcIdentityConflict[];
  /** Exemptions held by the fake; requests and decisions change them. */
  exemptions?: Exemption[];
}

export interface RecordedRequest {
  method: string;
  url: URL;
  authorization: string | null;
}

const isSeverity = (value: string): value is Severity =>
  (SEVERITIES as readonly string[]).includes(value);
const isFamily = (value: string): value is ControlFamily =>
  (CONTROL_FAMILIES as readonly string[]).includes(value);

function matches(pbc: PbcSummary, params: URLSearchParams): boolean {
  const owners = params.getAll('owner');
  if (owners.length && !owners.includes(pbc.owner ?? '')) return false;
  const systems = params.getAll('system');
  if (systems.length && !systems.includes(pbc.system ?? '')) return false;
  const severities = params.getAll('severity');
  if (
    severities.length &&
    !severities.some(s => isSeverity(s) && pbc.failingControls[s] > 0)
  )
    return false;
  const families = params.getAll('family');
  if (
    families.length &&
    !families.some(f => isFamily(f) && pbc.failingByFamily[f] > 0)
  )
    return false;
  const search = params.get('search')?.toLocaleLowerCase('en-US');
  if (search) {
    const haystack = [pbc.name, pbc.title, pbc.pbc, pbc.owner, pbc.system]
      .join(' ')
      .toLocaleLowerCase('en-US');
    if (!haystack.includes(search)) return false;
  }
  return true;
}

function sortKey(pbc: PbcSummary, sort: string): string | number {
  switch (sort) {
    case 'name':
      return pbc.name;
    case 'owner':
      return pbc.owner ?? '';
    case 'system':
      return pbc.system ?? '';
    case 'failing':
      return SEVERITIES.reduce(
        (sum, s, i) => sum + pbc.failingControls[s] * 10 ** (6 - 2 * i),
        0,
      );
    case 'risky':
      return pbc.riskyEvents;
    case 'lastRefresh':
      return pbc.lastRefreshAt;
    default:
      return pbc.score ?? -1;
  }
}

/** A detail for a PBC given only as a summary: its failing controls made up. */
function synthesizeDetail(summary?: PbcSummary): PbcDetail | undefined {
  if (!summary) return undefined;
  const controls: ControlResult[] = [];
  for (const severity of SEVERITIES) {
    const candidates = CONTROLS.filter(c => c.severity === severity);
    for (let i = 0; i < summary.failingControls[severity]; i++) {
      const control = candidates[(i * 7) % candidates.length];
      controls.push({
        controlId: control.id,
        title: control.title,
        family: control.family,
        severity,
        level: control.level,
        scope: control.scope,
        status: 'failing',
        compliantResourceCount: 0,
        nonCompliantResourceCount: 1,
        configRules: [],
        remediation: control.remediation,
        guidance: control.guidance,
        guidanceUrl: guidanceUrl(control),
      });
    }
  }
  return {
    summary,
    controls,
    nonCompliantResources: [],
    riskyEvents: [],
    scoreHistory: summary.trend,
  };
}

export function fakeComplianceBackend(options: FakeBackendOptions) {
  const requests: RecordedRequest[] = [];
  let pbcs = options.pbcs;
  let refreshPolls = 0;
  let refreshed = false;
  const record = (request: Request) => {
    requests.push({
      method: request.method,
      url: new URL(request.url),
      authorization: request.headers.get('authorization'),
    });
  };
  const snapshot = () => options.snapshot ?? SNAPSHOT;
  const exemptions: Exemption[] = [...(options.exemptions ?? [])];
  /** Bodies of the exemption POSTs, in order. */
  const posted: Array<Record<string, unknown>> = [];

  const handlers = [
    http.get(`${BASE}/pbcs`, ({ request }) => {
      record(request);
      const params = new URL(request.url).searchParams;
      const sort = params.get('sort') ?? 'score';
      const order = params.get('order') === 'desc' ? -1 : 1;
      const offset = Number(params.get('offset') ?? 0);
      const limit = Number(params.get('limit') ?? 25);
      const filtered = pbcs
        .filter(p => matches(p, params))
        .sort((a, b) => {
          const ka = sortKey(a, sort);
          const kb = sortKey(b, sort);
          if (ka === kb) return a.name.localeCompare(b.name) * order;
          return (ka < kb ? -1 : 1) * order;
        });
      const body: PbcListResponse = {
        items: filtered.slice(offset, offset + limit),
        totalCount: filtered.length,
        offset,
        limit,
        snapshot: snapshot(),
      };
      return HttpResponse.json(body);
    }),
    http.get(`${BASE}/pbcs/:namespace/:name`, ({ request, params }) => {
      record(request);
      const detail =
        options.details?.find(
          d =>
            d.summary.namespace === params.namespace &&
            d.summary.name === params.name,
        ) ??
        synthesizeDetail(
          pbcs.find(
            p => p.namespace === params.namespace && p.name === params.name,
          ),
        );
      if (!detail) {
        return HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: `No PBC ${params.name}` },
          },
          { status: 404 },
        );
      }
      return HttpResponse.json(detail);
    }),
    http.get(`${BASE}/teams`, ({ request }) => {
      record(request);
      const body: TeamListResponse = {
        items: (options.teams ?? []).map(t => t.summary),
        snapshot: snapshot(),
      };
      return HttpResponse.json(body);
    }),
    http.get(`${BASE}/teams/:namespace/:name`, ({ request, params }) => {
      record(request);
      const team = options.teams?.find(
        t => t.summary.teamRef === `group:${params.namespace}/${params.name}`,
      );
      if (!team) {
        return HttpResponse.json(
          { error: { name: 'NotFoundError', message: 'No such team' } },
          { status: 404 },
        );
      }
      return HttpResponse.json(team);
    }),
    http.get(`${BASE}/status`, ({ request }) => {
      record(request);
      return HttpResponse.json(options.health ?? okHealth);
    }),
    http.get(`${BASE}/identity-conflicts`, ({ request }) => {
      record(request);
      return HttpResponse.json({ items: options.identityConflicts ?? [] });
    }),
    http.post(`${BASE}/refresh`, ({ request }) => {
      record(request);
      return HttpResponse.json(
        { id: 'r-43', state: 'queued', statusPath: '/refresh/r-43' },
        { status: 202 },
      );
    }),
    http.get(`${BASE}/refresh/:id`, ({ request }) => {
      record(request);
      const sequence = options.refreshSequence ?? [];
      const status = sequence[Math.min(refreshPolls, sequence.length - 1)];
      refreshPolls += 1;
      if (
        !refreshed &&
        status &&
        ['succeeded', 'partial'].includes(status.state) &&
        options.afterRefresh
      ) {
        refreshed = true;
        pbcs = options.afterRefresh;
      }
      return HttpResponse.json(status);
    }),
    http.get(`${BASE}/exemptions/settings`, ({ request }) => {
      record(request);
      return HttpResponse.json({ maxDays: 90, countTowardsScore: false });
    }),
    http.get(`${BASE}/exemptions`, ({ request }) => {
      record(request);
      const params = new URL(request.url).searchParams;
      const items = exemptions.filter(
        e =>
          (!params.get('entityRef') ||
            e.entityRef === params.get('entityRef')) &&
          (!params.get('state') || e.state === params.get('state')),
      );
      return HttpResponse.json({ items });
    }),
    http.post(`${BASE}/exemptions`, async ({ request }) => {
      record(request);
      const body = (await request.json()) as Record<string, any>;
      if (body.reason === 'too late') {
        return HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: 'The expiry is more than 90 days away',
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        );
      }
      const created: Exemption = {
        id: `e-${exemptions.length + 1}`,
        entityRef: body.entityRef,
        controlId: body.controlId,
        ...(body.resourceIds ? { resourceIds: body.resourceIds } : {}),
        reason: body.reason,
        requestedBy: 'user:default/pat.payments',
        requestedAt: '2025-06-01T12:00:00.000Z',
        expiresAt: `${body.expiresAt}T00:00:00.000Z`,
        state: 'requested',
      };
      exemptions.push(created);
      posted.push(body);
      return HttpResponse.json(created, { status: 201 });
    }),
    http.post(`${BASE}/exemptions/:id/:action`, async ({ request, params }) => {
      record(request);
      const body = (await request.json()) as Record<string, any>;
      posted.push({ id: params.id, action: params.action, ...body });
      const e = exemptions.find(x => x.id === params.id)!;
      const decided = body.decision === 'approve' ? 'approved' : 'rejected';
      e.state = params.action === 'revoke' ? 'revoked' : decided;
      return HttpResponse.json(e);
    }),
    http.get(`${BASE}/export.csv`, ({ request }) => {
      record(request);
      const params = new URL(request.url).searchParams;
      const rows = pbcs
        .filter(p => matches(p, params))
        .map(p => `${p.entityRef},${p.score ?? ''}`);
      return new HttpResponse(['entityRef,score', ...rows].join('\n'), {
        headers: { 'Content-Type': 'text/csv' },
      });
    }),
  ];
  return { handlers, requests, exemptions, posted };
}

/** Every route answering with one status, for the error and 403 states. */
export function failingBackend(status: number, message: string) {
  const names: Record<number, string> = {
    403: 'NotAllowedError',
    404: 'NotFoundError',
  };
  const name = names[status] ?? 'Error';
  const answer = () =>
    HttpResponse.json(
      { error: { name, message }, response: { statusCode: status } },
      { status },
    );
  return [http.get(`${BASE}/*`, answer), http.post(`${BASE}/*`, answer)];
}

/** A route that never answers, for the loading state. */
export function hangingBackend() {
  return [
    http.get(`${BASE}/*`, async () => {
      await delay('infinite');
      return HttpResponse.json({});
    }),
  ];
}

/** An answer before any refresh has finished: no snapshot. */
export function emptyBackend() {
  const body: PbcListResponse = {
    items: [],
    totalCount: 0,
    offset: 0,
    limit: 25,
  };
  const health: HealthResponse = { status: 'empty', staleAccounts: [] };
  return [
    http.get(`${BASE}/pbcs`, () => HttpResponse.json(body)),
    http.get(`${BASE}/status`, () => HttpResponse.json(health)),
    http.get(`${BASE}/teams`, () => HttpResponse.json({ items: [] })),
  ];
}
