import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  Exemption,
  ExemptionDecisionRequest,
  ExemptionListResponse,
  ExemptionRequest,
  ExemptionSettings,
  ExemptionState,
  HealthResponse,
  PbcDetail,
  PbcIdentityConflictsResponse,
  PbcListQuery,
  PbcListResponse,
  RefreshAccepted,
  RefreshStatus,
  TeamDetail,
  TeamListResponse,
} from '@pbc-portal/plugin-compliance-dashboard-common';

/** The plugin id, which is also the backend plugin the client talks to. */
export const COMPLIANCE_DASHBOARD_PLUGIN_ID = 'compliance-dashboard';

/**
 * A catalog entity named by namespace and name, as the REST paths take it;
 * the kind, when given, is sent as `?kind=` to tell same-named entities apart.
 */
export interface EntityName {
  kind?: string;
  namespace: string;
  name: string;
}

/** Per-request options. */
export interface RequestOptions {
  signal?: AbortSignal;
}

/**
 * The compliance dashboard's REST API as the frontend uses it. Every method
 * rejects with a `ResponseError` (from `@backstage/errors`) when the backend
 * answers with a status other than 2xx, so callers can tell a 403 from a 500.
 *
 * @public
 */
export interface ComplianceApi {
  /** `GET /pbcs`: one page of PBCs matching the filters. */
  listPbcs(
    query: PbcListQuery,
    options?: RequestOptions,
  ): Promise<PbcListResponse>;
  /** `GET /pbcs/:namespace/:name`: a PBC in full. */
  getPbc(entity: EntityName, options?: RequestOptions): Promise<PbcDetail>;
  /** `GET /teams`: every owner's roll-up. */
  listTeams(options?: RequestOptions): Promise<TeamListResponse>;
  /** `GET /teams/:namespace/:name`: a team's roll-up and its PBCs. */
  getTeam(team: EntityName, options?: RequestOptions): Promise<TeamDetail>;
  /** `GET /status`: freshness, stale accounts and any refresh under way (the accounts the caller may read). */
  getHealth(options?: RequestOptions): Promise<HealthResponse>;
  /** `GET /identity-conflicts`: entities claiming a PBC's tag and account that are not believed (refresh permission). */
  listIdentityConflicts(
    options?: RequestOptions,
  ): Promise<PbcIdentityConflictsResponse>;
  /** `POST /refresh`: starts (or joins) a refresh. */
  startRefresh(): Promise<RefreshAccepted>;
  /** `GET /refresh/:id`, or the `statusPath` the refresh was accepted with. */
  getRefresh(
    idOrStatusPath: string,
    options?: RequestOptions,
  ): Promise<RefreshStatus>;
  /** `GET /export.csv`: every PBC matching the filters (paging ignored), as CSV. */
  exportCsv(query: PbcListQuery): Promise<Blob>;
  /** `GET /exemptions/settings`: the longest exemption and how exempt controls are scored. */
  getExemptionSettings(options?: RequestOptions): Promise<ExemptionSettings>;
  /** `GET /exemptions`: one PBC's (`entityRef`), or every PBC's (for those who decide). */
  listExemptions(
    filter: { entityRef?: string; state?: ExemptionState },
    options?: RequestOptions,
  ): Promise<ExemptionListResponse>;
  /** `POST /exemptions`: asks for an exemption (the PBC's team). */
  requestExemption(request: ExemptionRequest): Promise<Exemption>;
  /** `POST /exemptions/:id/decision`: approves or rejects (the platform groups). */
  decideExemption(
    id: string,
    decision: ExemptionDecisionRequest,
  ): Promise<Exemption>;
  /** `POST /exemptions/:id/revoke`: ends it before its expiry. */
  revokeExemption(id: string, comment: string): Promise<Exemption>;
}

/** @public */
export const complianceApiRef = createApiRef<ComplianceApi>({
  id: 'plugin.compliance-dashboard.client',
});

const LIST_KEYS = ['owner', 'system', 'severity', 'family'] as const;
const SCALAR_KEYS = [
  'search',
  'sort',
  'order',
  'stale',
  'offset',
  'limit',
] as const;

/**
 * Query string of `GET /pbcs` and `GET /export.csv`: list filters are repeated
 * parameters (`owner=a&owner=b`), empty values are left out.
 */
export function pbcListSearchParams(
  query: PbcListQuery,
  { paging = true }: { paging?: boolean } = {},
): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of LIST_KEYS) {
    for (const value of query[key] ?? []) {
      if (value) params.append(key, value);
    }
  }
  for (const key of SCALAR_KEYS) {
    if (!paging && (key === 'offset' || key === 'limit')) continue;
    const value = query[key];
    if (value === undefined || value === '') continue;
    params.set(key, String(value));
  }
  return params;
}

/**
 * The {@link ComplianceApi} over HTTP: URLs from the discovery API, requests
 * through the fetch API (which adds the user's Backstage token).
 *
 * @public
 */
export class ComplianceClient implements ComplianceApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  listPbcs(query: PbcListQuery, options?: RequestOptions) {
    const qs = pbcListSearchParams(query).toString();
    return this.getJson<PbcListResponse>(`/pbcs${qs ? `?${qs}` : ''}`, options);
  }

  getPbc(entity: EntityName, options?: RequestOptions) {
    return this.getJson<PbcDetail>(
      `/pbcs/${entityPath(entity)}${kindQuery(entity)}`,
      options,
    );
  }

  listTeams(options?: RequestOptions) {
    return this.getJson<TeamListResponse>('/teams', options);
  }

  getTeam(team: EntityName, options?: RequestOptions) {
    return this.getJson<TeamDetail>(
      `/teams/${entityPath(team)}${kindQuery(team)}`,
      options,
    );
  }

  getHealth(options?: RequestOptions) {
    return this.getJson<HealthResponse>('/status', options);
  }

  listIdentityConflicts(options?: RequestOptions) {
    return this.getJson<PbcIdentityConflictsResponse>(
      '/identity-conflicts',
      options,
    );
  }

  async startRefresh(): Promise<RefreshAccepted> {
    const response = await this.request('/refresh', { method: 'POST' });
    return (await response.json()) as RefreshAccepted;
  }

  getRefresh(idOrStatusPath: string, options?: RequestOptions) {
    // The backend hands out a status path relative to its base URL; a bare id
    // is turned into the documented `/refresh/:id`.
    const path = idOrStatusPath.startsWith('/')
      ? idOrStatusPath
      : `/refresh/${encodeURIComponent(idOrStatusPath)}`;
    return this.getJson<RefreshStatus>(path, options);
  }

  async exportCsv(query: PbcListQuery): Promise<Blob> {
    const qs = pbcListSearchParams(query, { paging: false }).toString();
    const response = await this.request(`/export.csv${qs ? `?${qs}` : ''}`, {
      headers: { Accept: 'text/csv' },
    });
    return await response.blob();
  }

  getExemptionSettings(options?: RequestOptions) {
    return this.getJson<ExemptionSettings>('/exemptions/settings', options);
  }

  listExemptions(
    filter: { entityRef?: string; state?: ExemptionState },
    options?: RequestOptions,
  ) {
    const params = new URLSearchParams();
    if (filter.entityRef) params.set('entityRef', filter.entityRef);
    if (filter.state) params.set('state', filter.state);
    const qs = params.toString();
    return this.getJson<ExemptionListResponse>(
      `/exemptions${qs ? `?${qs}` : ''}`,
      options,
    );
  }

  requestExemption(request: ExemptionRequest) {
    return this.postJson<Exemption>('/exemptions', request);
  }

  decideExemption(id: string, decision: ExemptionDecisionRequest) {
    return this.postJson<Exemption>(
      `/exemptions/${encodeURIComponent(id)}/decision`,
      decision,
    );
  }

  revokeExemption(id: string, comment: string) {
    return this.postJson<Exemption>(
      `/exemptions/${encodeURIComponent(id)}/revoke`,
      { comment },
    );
  }

  private async postJson<T>(path: string, body: unknown): Promise<T> {
    const response = await this.request(path, {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    return (await response.json()) as T;
  }

  private async getJson<T>(path: string, options?: RequestOptions): Promise<T> {
    const response = await this.request(path, {
      headers: { Accept: 'application/json' },
      signal: options?.signal,
    });
    return (await response.json()) as T;
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl(
      COMPLIANCE_DASHBOARD_PLUGIN_ID,
    );
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

function entityPath({ namespace, name }: EntityName): string {
  return `${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

function kindQuery({ kind }: EntityName): string {
  return kind
    ? `?${new URLSearchParams({ kind: kind.toLocaleLowerCase('en-US') })}`
    : '';
}
